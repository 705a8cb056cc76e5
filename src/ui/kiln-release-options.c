#define G_LOG_DOMAIN "kiln-ui"

#include "config.h"

#include <glib/gi18n.h>
#include <string.h>

#include "kiln-release-options.h"
#include "kiln-ui-util.h"

#define RELEASE_DOCS "https://hexdocs.pm/mix/Mix.Tasks.Release.html"

struct _KilnReleaseOptions
{
  GtkWidget            parent_instance;

  KilnReleaseProfile  *profile;
  GHashTable          *rows;
  GHashTable          *widgets;
  GHashTable          *extra_rows;
  guint                loading : 1;

  GtkListBox          *advanced_list;
  AdwPreferencesGroup *extras_group;
  GtkListBox          *extras_list;
};

G_DEFINE_FINAL_TYPE (KilnReleaseOptions, kiln_release_options, GTK_TYPE_WIDGET)

enum {
  PROP_0,
  PROP_PROFILE,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

/* The order matches the dropdown; NULL-terminated target lists for mix. */
static const char *executables_choices[] = { N_("Unix and Windows"), N_("Unix Only"), N_("Windows Only"), N_("None"), NULL };
static const char * const executables_both[] = { "unix", "windows", NULL };
static const char * const executables_unix[] = { "unix", NULL };
static const char * const executables_windows[] = { "windows", NULL };
static const char * const executables_none[] = { NULL };
static const char * const *executables_targets[] = {
  executables_both, executables_unix, executables_windows, executables_none,
};

static const char *runtime_config_choices[] = { "config/runtime.exs", N_("None"), N_("Another File"), NULL };

static gboolean
is_blank (const char *text)
{
  for (const char *p = text ? text : ""; *p != '\0'; p++)
    {
      if (!g_ascii_isspace (*p))
        return FALSE;
    }
  return TRUE;
}

/* "Docs, Dbgi" → { "Docs", "Dbgi" }; empty items are kept so that
 * validation can point at them instead of dropping what the user typed. */
static char **
split_list (const char *text)
{
  char **items;

  if (is_blank (text))
    return g_new0 (char *, 1);

  items = g_strsplit (text, ",", -1);
  for (guint i = 0; items[i] != NULL; i++)
    g_strstrip (items[i]);

  return items;
}

static guint
executables_index (const char * const *targets)
{
  gboolean unix_target = g_strv_contains (targets, "unix");
  gboolean windows_target = g_strv_contains (targets, "windows");

  if (unix_target && windows_target)
    return 0;
  if (unix_target)
    return 1;
  if (windows_target)
    return 2;
  return targets[0] == NULL ? 3 : 0;
}

static void
set_row_subtitle (GtkWidget  *row,
                  const char *subtitle)
{
  if (ADW_IS_EXPANDER_ROW (row))
    adw_expander_row_set_subtitle (ADW_EXPANDER_ROW (row), subtitle);
  else
    adw_action_row_set_subtitle (ADW_ACTION_ROW (row), subtitle);
}

static void
sync_entry_list (KilnReleaseOptions *self,
                 const char         *field,
                 const char * const *values)
{
  GtkEditable *editable = g_hash_table_lookup (self->widgets, field);
  g_auto(GStrv) current = split_list (gtk_editable_get_text (editable));

  /* Rewriting equal content would move the cursor while the user types. */
  if (!g_strv_equal ((const char * const *) current, values))
    {
      g_autofree char *joined = g_strjoinv (", ", (char **) values);
      gtk_editable_set_text (editable, joined);
    }
}

static void
sync_entry_text (KilnReleaseOptions *self,
                 const char         *field,
                 const char         *value)
{
  GtkEditable *editable = g_hash_table_lookup (self->widgets, field);
  const char *text = gtk_editable_get_text (editable);

  if (g_strcmp0 (text[0] != '\0' ? text : NULL, value) != 0)
    gtk_editable_set_text (editable, value ? value : "");
}

static void
sync_config_providers (KilnReleaseOptions *self)
{
  GtkTextView *view = g_hash_table_lookup (self->widgets, "config-providers");
  GtkTextBuffer *buffer = gtk_text_view_get_buffer (view);
  const char *code = kiln_release_profile_get_config_providers (self->profile);
  g_autofree char *text = NULL;
  GtkTextIter start, end;

  gtk_text_buffer_get_bounds (buffer, &start, &end);
  text = gtk_text_buffer_get_text (buffer, &start, &end, FALSE);
  if (g_strcmp0 (text, code ? code : "") != 0)
    gtk_text_buffer_set_text (buffer, code ? code : "", -1);
}

static void
load_extras (KilnReleaseOptions *self)
{
  const char * const *keys = kiln_release_profile_get_extra_option_keys (self->profile);
  GtkWidget *child;

  g_hash_table_remove_all (self->extra_rows);
  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self->extras_list))) != NULL)
    gtk_list_box_remove (self->extras_list, child);

  for (guint i = 0; keys[i] != NULL; i++)
    {
      const char *code = kiln_release_profile_get_extra_option (self->profile, keys[i]);
      g_autofree char *title = g_strdup_printf ("%s:", keys[i]);
      g_autofree char *explanation = g_strstrip (g_strdup (code ? code : ""));
      GtkWidget *row = adw_action_row_new ();

      adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), title);
      adw_action_row_set_subtitle (ADW_ACTION_ROW (row), explanation);
      adw_action_row_set_subtitle_lines (ADW_ACTION_ROW (row), 4);
      gtk_widget_add_css_class (row, "monospace");
      g_object_set_data_full (G_OBJECT (row), "explanation", g_steal_pointer (&explanation), g_free);
      g_hash_table_insert (self->extra_rows, g_strdup (keys[i]), row);
      gtk_list_box_append (self->extras_list, row);
    }

  gtk_widget_set_visible (GTK_WIDGET (self->extras_group), keys[0] != NULL);
}

static void
sync_from_profile (KilnReleaseOptions *self)
{
  KilnRuntimeConfig runtime_config;
  gboolean strip_beams;
  guint executables;

  if (self->profile == NULL)
    return;

  self->loading = TRUE;

  executables = executables_index (kiln_release_profile_get_include_executables_for (self->profile));
  if (gtk_drop_down_get_selected (g_hash_table_lookup (self->widgets, "include-executables-for")) != executables)
    gtk_drop_down_set_selected (g_hash_table_lookup (self->widgets, "include-executables-for"), executables);

  strip_beams = kiln_release_profile_get_strip_beams (self->profile);
  gtk_widget_set_visible (g_hash_table_lookup (self->rows, "strip-beams-keep"), strip_beams);
  gtk_widget_set_visible (g_hash_table_lookup (self->rows, "strip-beams-compress"), strip_beams);
  sync_entry_list (self, "strip-beams-keep", kiln_release_profile_get_strip_beams_keep (self->profile));
  gtk_switch_set_active (g_hash_table_lookup (self->widgets, "strip-beams-compress"),
                         kiln_release_profile_get_strip_beams_compress (self->profile));

  runtime_config = kiln_release_profile_get_runtime_config (self->profile);
  if (gtk_drop_down_get_selected (g_hash_table_lookup (self->widgets, "runtime-config")) != (guint) runtime_config)
    gtk_drop_down_set_selected (g_hash_table_lookup (self->widgets, "runtime-config"), runtime_config);
  gtk_widget_set_visible (g_hash_table_lookup (self->rows, "runtime-config-path"),
                          runtime_config == KILN_RUNTIME_CONFIG_PATH);
  sync_entry_text (self, "runtime-config-path", kiln_release_profile_get_runtime_config_path (self->profile));

  sync_entry_list (self, "overlays", kiln_release_profile_get_overlays (self->profile));
  sync_entry_text (self, "rel-templates-path", kiln_release_profile_get_rel_templates_path (self->profile));
  sync_config_providers (self);

  self->loading = FALSE;
}

static void
on_profile_notify (KilnReleaseOptions *self,
                   GParamSpec         *pspec)
{
  if (g_str_equal (pspec->name, "extra-options"))
    load_extras (self);
  else
    sync_from_profile (self);
}

static void
on_entry_changed (GtkEditable        *editable,
                  KilnReleaseOptions *self)
{
  const char *field = g_object_get_data (G_OBJECT (editable), "field");
  const char *text = gtk_editable_get_text (editable);
  const char *value = text[0] != '\0' ? text : NULL;

  if (self->loading || self->profile == NULL)
    return;

  if (g_str_equal (field, "strip-beams-keep"))
    {
      g_auto(GStrv) chunks = split_list (text);
      kiln_release_profile_set_strip_beams_keep (self->profile, (const char * const *) chunks);
    }
  else if (g_str_equal (field, "overlays"))
    {
      g_auto(GStrv) folders = split_list (text);
      kiln_release_profile_set_overlays (self->profile, (const char * const *) folders);
    }
  else if (g_str_equal (field, "rel-templates-path"))
    kiln_release_profile_set_rel_templates_path (self->profile, value);
  else if (g_str_equal (field, "runtime-config-path"))
    kiln_release_profile_set_runtime_config_path (self->profile, value);
}

static void
on_executables_selected (GtkDropDown        *dropdown,
                         GParamSpec         *pspec,
                         KilnReleaseOptions *self)
{
  guint selected = gtk_drop_down_get_selected (dropdown);

  if (self->loading || self->profile == NULL || selected >= G_N_ELEMENTS (executables_targets))
    return;

  kiln_release_profile_set_include_executables_for (self->profile, executables_targets[selected]);
}

static void
on_runtime_config_selected (GtkDropDown        *dropdown,
                            GParamSpec         *pspec,
                            KilnReleaseOptions *self)
{
  KilnRuntimeConfig value = gtk_drop_down_get_selected (dropdown);

  gtk_widget_set_visible (g_hash_table_lookup (self->rows, "runtime-config-path"),
                          value == KILN_RUNTIME_CONFIG_PATH);

  if (self->loading || self->profile == NULL)
    return;

  kiln_release_profile_set_runtime_config (self->profile, value);
}

static void
on_compress_active (GtkSwitch          *sw,
                    GParamSpec         *pspec,
                    KilnReleaseOptions *self)
{
  if (self->loading || self->profile == NULL)
    return;

  kiln_release_profile_set_strip_beams_compress (self->profile, gtk_switch_get_active (sw));
}

static void
on_providers_changed (GtkTextBuffer      *buffer,
                      KilnReleaseOptions *self)
{
  g_autofree char *text = NULL;
  GtkTextIter start, end;

  if (self->loading || self->profile == NULL)
    return;

  gtk_text_buffer_get_bounds (buffer, &start, &end);
  text = gtk_text_buffer_get_text (buffer, &start, &end, FALSE);
  kiln_release_profile_set_config_providers (self->profile, text[0] != '\0' ? text : NULL);
}

static void
label_control (GtkWidget  *control,
               const char *title,
               const char *explanation)
{
  gtk_accessible_update_property (GTK_ACCESSIBLE (control), GTK_ACCESSIBLE_PROPERTY_LABEL, title,
                                  GTK_ACCESSIBLE_PROPERTY_DESCRIPTION, explanation, -1);
}

static GtkWidget *
add_row (KilnReleaseOptions *self,
         const char         *field,
         const char         *title,
         const char         *explanation,
         const char         *anchor,
         GtkWidget          *control)
{
  GtkWidget *row = adw_action_row_new ();
  g_autofree char *uri = g_strdup_printf ("%s#%s", RELEASE_DOCS, anchor);

  adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), title);
  adw_action_row_set_subtitle (ADW_ACTION_ROW (row), explanation);
  g_object_set_data_full (G_OBJECT (row), "explanation", g_strdup (explanation), g_free);

  gtk_widget_set_valign (control, GTK_ALIGN_CENTER);
  label_control (control, title, explanation);
  adw_action_row_add_suffix (ADW_ACTION_ROW (row), control);
  adw_action_row_set_activatable_widget (ADW_ACTION_ROW (row), control);
  adw_action_row_add_suffix (ADW_ACTION_ROW (row), kiln_ui_learn_more_button (uri, title));

  g_hash_table_insert (self->widgets, g_strdup (field), control);
  g_hash_table_insert (self->rows, g_strdup (field), row);
  gtk_list_box_append (self->advanced_list, row);

  return row;
}

static GtkWidget *
new_entry (KilnReleaseOptions *self,
           const char         *field,
           const char         *placeholder)
{
  GtkWidget *entry = gtk_entry_new ();

  g_object_set_data_full (G_OBJECT (entry), "field", g_strdup (field), g_free);
  gtk_entry_set_placeholder_text (GTK_ENTRY (entry), placeholder);
  gtk_editable_set_width_chars (GTK_EDITABLE (entry), 12);
  g_signal_connect (entry, "changed", G_CALLBACK (on_entry_changed), self);

  return entry;
}

static void
add_config_providers_row (KilnReleaseOptions *self)
{
  const char *title = _("Config Providers");
  const char *explanation = _("Elixir code for config_providers:, inserted into the release options verbatim");
  g_autofree char *uri = g_strdup_printf ("%s#%s", RELEASE_DOCS, "module-config-providers");
  GtkWidget *row = adw_expander_row_new ();
  GtkWidget *scrolled = gtk_scrolled_window_new ();
  GtkWidget *view = gtk_text_view_new ();

  adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), title);
  adw_expander_row_set_subtitle (ADW_EXPANDER_ROW (row), explanation);
  g_object_set_data_full (G_OBJECT (row), "explanation", g_strdup (explanation), g_free);
  adw_expander_row_add_action (ADW_EXPANDER_ROW (row), kiln_ui_learn_more_button (uri, title));

  gtk_text_view_set_monospace (GTK_TEXT_VIEW (view), TRUE);
  gtk_text_view_set_wrap_mode (GTK_TEXT_VIEW (view), GTK_WRAP_CHAR);
  gtk_text_view_set_accepts_tab (GTK_TEXT_VIEW (view), FALSE);
  g_object_set (view, "top-margin", 8, "bottom-margin", 8, "left-margin", 8, "right-margin", 8, NULL);
  label_control (view, title, explanation);
  g_signal_connect (gtk_text_view_get_buffer (GTK_TEXT_VIEW (view)), "changed",
                    G_CALLBACK (on_providers_changed), self);

  gtk_scrolled_window_set_child (GTK_SCROLLED_WINDOW (scrolled), view);
  gtk_scrolled_window_set_policy (GTK_SCROLLED_WINDOW (scrolled), GTK_POLICY_NEVER, GTK_POLICY_AUTOMATIC);
  gtk_scrolled_window_set_min_content_height (GTK_SCROLLED_WINDOW (scrolled), 96);
  gtk_widget_add_css_class (scrolled, "view");
  adw_expander_row_add_row (ADW_EXPANDER_ROW (row), scrolled);

  g_hash_table_insert (self->widgets, g_strdup ("config-providers"), view);
  g_hash_table_insert (self->rows, g_strdup ("config-providers"), row);
  gtk_list_box_append (self->advanced_list, row);
}

static void
build_rows (KilnReleaseOptions *self)
{
  GtkWidget *control;

  control = gtk_drop_down_new_from_strings ((const char * const[]) {
                                             _(executables_choices[0]), _(executables_choices[1]),
                                             _(executables_choices[2]), _(executables_choices[3]), NULL });
  g_signal_connect (control, "notify::selected", G_CALLBACK (on_executables_selected), self);
  add_row (self, "include-executables-for", _("Start Scripts For"),
           _("Which systems get bin/ scripts: Unix shell scripts, Windows .bat files, or both"),
           "module-options", control);

  add_row (self, "strip-beams-keep", _("Keep BEAM Chunks"),
           _("Chunks that stripping keeps, comma-separated, such as “Docs, Dbgi”"), "module-options",
           new_entry (self, "strip-beams-keep", "Docs, Dbgi"));

  control = gtk_switch_new ();
  g_signal_connect (control, "notify::active", G_CALLBACK (on_compress_active), self);
  add_row (self, "strip-beams-compress", _("Compress Stripped BEAMs"),
           _("Also compress the stripped BEAM files: smaller, slightly slower to load"), "module-options",
           control);

  control = gtk_drop_down_new_from_strings ((const char * const[]) {
                                             runtime_config_choices[0], _(runtime_config_choices[1]),
                                             _(runtime_config_choices[2]), NULL });
  g_signal_connect (control, "notify::selected", G_CALLBACK (on_runtime_config_selected), self);
  add_row (self, "runtime-config", _("Runtime Config"),
           _("The file read when the release boots; None leaves runtime.exs out of the release"),
           "module-runtime-configuration", control);
  add_row (self, "runtime-config-path", _("Runtime Config File"),
           _("A path in the project, such as config/prod_runtime.exs"), "module-runtime-configuration",
           new_entry (self, "runtime-config-path", "config/runtime.exs"));

  add_config_providers_row (self);

  add_row (self, "overlays", _("Extra Overlay Folders"),
           _("Folders copied into the release besides rel/overlays, comma-separated"), "module-overlays",
           new_entry (self, "overlays", "rel/extra"));
  add_row (self, "rel-templates-path", _("Templates Folder"),
           _("Where mix looks for vm.args.eex, env.sh.eex and overlays; empty means rel"),
           "module-options", new_entry (self, "rel-templates-path", "rel"));
}

static gboolean
restore_row (gpointer key,
             gpointer row,
             gpointer user_data)
{
  gtk_widget_remove_css_class (row, "error");
  gtk_widget_set_tooltip_text (row, NULL);
  set_row_subtitle (row, g_object_get_data (row, "explanation"));
  return FALSE;
}

void
kiln_release_options_clear_problems (KilnReleaseOptions *self)
{
  g_return_if_fail (KILN_IS_RELEASE_OPTIONS (self));

  g_hash_table_find (self->rows, restore_row, NULL);
  g_hash_table_find (self->extra_rows, restore_row, NULL);
}

static GtkWidget *
lookup_problem_row (KilnReleaseOptions *self,
                    const char         *field,
                    const char         *message)
{
  GHashTableIter iter;
  gpointer key, row;

  if (!g_str_equal (field, "extra-options"))
    return g_hash_table_lookup (self->rows, field);

  /* The engine names the offending option in quotes. */
  g_hash_table_iter_init (&iter, self->extra_rows);
  while (g_hash_table_iter_next (&iter, &key, &row))
    {
      g_autofree char *quoted = g_strdup_printf ("“%s”", (const char *) key);

      if (strstr (message, quoted) != NULL)
        return row;
    }

  return NULL;
}

/* Returns FALSE when no visible row shows @field, so the caller can show
 * the message elsewhere. */
gboolean
kiln_release_options_mark_problem (KilnReleaseOptions *self,
                                   const char         *field,
                                   const char         *message)
{
  GtkWidget *row;
  g_autofree char *text = NULL;

  g_return_val_if_fail (KILN_IS_RELEASE_OPTIONS (self), FALSE);

  row = lookup_problem_row (self, field ? field : "", message);
  if (row == NULL || !gtk_widget_get_visible (row))
    return FALSE;

  if (gtk_widget_has_css_class (row, "error"))
    text = g_strconcat (gtk_widget_get_tooltip_text (row), "\n", message, NULL);
  else
    text = g_strdup (message);

  gtk_widget_add_css_class (row, "error");
  gtk_widget_set_tooltip_text (row, text);
  set_row_subtitle (row, text);
  return TRUE;
}

KilnReleaseProfile *
kiln_release_options_get_profile (KilnReleaseOptions *self)
{
  g_return_val_if_fail (KILN_IS_RELEASE_OPTIONS (self), NULL);
  return self->profile;
}

void
kiln_release_options_set_profile (KilnReleaseOptions *self,
                                  KilnReleaseProfile *profile)
{
  g_return_if_fail (KILN_IS_RELEASE_OPTIONS (self));
  g_return_if_fail (profile == NULL || KILN_IS_RELEASE_PROFILE (profile));

  if (self->profile == profile)
    return;

  if (self->profile != NULL)
    g_signal_handlers_disconnect_by_data (self->profile, self);
  g_set_object (&self->profile, profile);

  if (profile != NULL)
    {
      g_signal_connect_swapped (profile, "notify", G_CALLBACK (on_profile_notify), self);
      sync_from_profile (self);
      load_extras (self);
    }
  gtk_widget_set_sensitive (GTK_WIDGET (self), profile != NULL);

  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_PROFILE]);
}

GtkWidget *
kiln_release_options_get_widget (KilnReleaseOptions *self,
                                 const char         *field)
{
  g_return_val_if_fail (KILN_IS_RELEASE_OPTIONS (self), NULL);
  return g_hash_table_lookup (self->widgets, field);
}

GtkWidget *
kiln_release_options_get_row (KilnReleaseOptions *self,
                              const char         *field)
{
  g_return_val_if_fail (KILN_IS_RELEASE_OPTIONS (self), NULL);

  if (g_hash_table_contains (self->rows, field))
    return g_hash_table_lookup (self->rows, field);
  /* "extra:KEY" is the read-only row of a kept mix.exs option. */
  if (g_str_has_prefix (field, "extra:"))
    return g_hash_table_lookup (self->extra_rows, field + strlen ("extra:"));
  return NULL;
}

GtkWidget *
kiln_release_options_new (void)
{
  return g_object_new (KILN_TYPE_RELEASE_OPTIONS, NULL);
}

static void
kiln_release_options_dispose (GObject *object)
{
  KilnReleaseOptions *self = (KilnReleaseOptions *)object;
  GtkWidget *child;

  if (self->profile != NULL)
    g_signal_handlers_disconnect_by_data (self->profile, self);
  g_clear_object (&self->profile);
  gtk_widget_dispose_template (GTK_WIDGET (self), KILN_TYPE_RELEASE_OPTIONS);
  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self))) != NULL)
    gtk_widget_unparent (child);
  g_clear_pointer (&self->rows, g_hash_table_unref);
  g_clear_pointer (&self->widgets, g_hash_table_unref);
  g_clear_pointer (&self->extra_rows, g_hash_table_unref);

  G_OBJECT_CLASS (kiln_release_options_parent_class)->dispose (object);
}

static void
kiln_release_options_get_property (GObject    *object,
                                   guint       prop_id,
                                   GValue     *value,
                                   GParamSpec *pspec)
{
  KilnReleaseOptions *self = KILN_RELEASE_OPTIONS (object);

  switch (prop_id)
    {
    case PROP_PROFILE:
      g_value_set_object (value, self->profile);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
kiln_release_options_set_property (GObject      *object,
                                   guint         prop_id,
                                   const GValue *value,
                                   GParamSpec   *pspec)
{
  KilnReleaseOptions *self = KILN_RELEASE_OPTIONS (object);

  switch (prop_id)
    {
    case PROP_PROFILE:
      kiln_release_options_set_profile (self, g_value_get_object (value));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
kiln_release_options_class_init (KilnReleaseOptionsClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = kiln_release_options_dispose;
  object_class->get_property = kiln_release_options_get_property;
  object_class->set_property = kiln_release_options_set_property;

  properties[PROP_PROFILE] =
    g_param_spec_object ("profile", NULL, NULL, KILN_TYPE_RELEASE_PROFILE,
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
  gtk_widget_class_set_template_from_resource (widget_class, "/io/github/kilnapp/Kiln/kiln-release-options.ui");
  gtk_widget_class_bind_template_child (widget_class, KilnReleaseOptions, advanced_list);
  gtk_widget_class_bind_template_child (widget_class, KilnReleaseOptions, extras_group);
  gtk_widget_class_bind_template_child (widget_class, KilnReleaseOptions, extras_list);
}

static void
kiln_release_options_init (KilnReleaseOptions *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));

  self->rows = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  self->widgets = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  self->extra_rows = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);

  build_rows (self);
  gtk_widget_set_sensitive (GTK_WIDGET (self), FALSE);
}
