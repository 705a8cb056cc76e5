#define G_LOG_DOMAIN "kiln-ui"

#include "config.h"

#include <glib/gi18n.h>

#include "kiln-help.h"
#include "kiln-option-row.h"
#include "kiln-ui-util.h"

#define RELEASE_DOCS "https://hexdocs.pm/mix/Mix.Tasks.Release.html"
/* An anchor that is a whole address links outside the release docs. */
#define DEPS_GET_DOCS "https://hexdocs.pm/mix/Mix.Tasks.Deps.Get.html"

typedef enum
{
  OPTION_TEXT,      /* a string; empty text means NULL, that is mix's default */
  OPTION_REQUIRED,  /* a string that empty text leaves empty, for validation to name */
  OPTION_SECRET,    /* OPTION_TEXT with the text hidden */
  OPTION_LIST,      /* a string list, typed comma-separated */
  OPTION_SWITCH,    /* a boolean */
  OPTION_CHOICE,    /* an enum, or what to_choice/from_choice map onto positions */
  OPTION_CODE,      /* Elixir code over several lines */
} OptionKind;

struct _KilnOptionSpec
{
  const char            *property;
  KilnOptionSection      section;
  OptionKind             kind;
  const char            *title;
  const char            *explanation;
  const char            *anchor;
  const char            *placeholder;
  const char * const    *choices;
  GBindingTransformFunc  to_choice;
  GBindingTransformFunc  from_choice;
  /* The row shows only while this property has shown_value. */
  const char            *shown_with;
  int                    shown_value;
};

static const GEnumValue section_values[] = {
  { KILN_OPTION_SECTION_BASIC, "KILN_OPTION_SECTION_BASIC", "basic" },
  { KILN_OPTION_SECTION_ADVANCED, "KILN_OPTION_SECTION_ADVANCED", "advanced" },
  { 0, NULL, NULL }
};

GType
kiln_option_section_get_type (void)
{
  static gsize type_id = 0;

  if (g_once_init_enter (&type_id))
    g_once_init_leave (&type_id, g_enum_register_static ("KilnOptionSection", section_values));

  return type_id;
}

/* Transforms between profile properties and control properties */

static gboolean
string_to_text (GBinding     *binding,
                const GValue *from,
                GValue       *to,
                gpointer      user_data)
{
  const char *value = g_value_get_string (from);

  g_value_set_string (to, value != NULL ? value : "");
  return TRUE;
}

static gboolean
text_to_string (GBinding     *binding,
                const GValue *from,
                GValue       *to,
                gpointer      user_data)
{
  const KilnOptionSpec *spec = user_data;
  const char *text = g_value_get_string (from);

  if (spec->kind != OPTION_REQUIRED && (text == NULL || text[0] == '\0'))
    g_value_set_string (to, NULL);
  else
    g_value_set_string (to, text);
  return TRUE;
}

static gboolean
strv_to_text (GBinding     *binding,
              const GValue *from,
              GValue       *to,
              gpointer      user_data)
{
  char **items = g_value_get_boxed (from);

  g_value_take_string (to, items != NULL ? g_strjoinv (", ", items) : g_strdup (""));
  return TRUE;
}

/* "Docs, Dbgi" → { "Docs", "Dbgi" }; empty items are kept so that
 * validation can point at them instead of dropping what the user typed. */
static gboolean
text_to_strv (GBinding     *binding,
              const GValue *from,
              GValue       *to,
              gpointer      user_data)
{
  g_autofree char *text = g_strstrip (g_strdup (g_value_get_string (from) != NULL ? g_value_get_string (from) : ""));
  char **items;

  if (text[0] == '\0')
    items = g_new0 (char *, 1);
  else
    {
      items = g_strsplit (text, ",", -1);
      for (guint i = 0; items[i] != NULL; i++)
        g_strstrip (items[i]);
    }

  g_value_take_boxed (to, items);
  return TRUE;
}

static gboolean
enum_to_choice (GBinding     *binding,
                const GValue *from,
                GValue       *to,
                gpointer      user_data)
{
  g_value_set_uint (to, g_value_get_enum (from));
  return TRUE;
}

static gboolean
choice_to_enum (GBinding     *binding,
                const GValue *from,
                GValue       *to,
                gpointer      user_data)
{
  g_autoptr(GEnumClass) enum_class = g_type_class_ref (G_VALUE_TYPE (to));
  guint selected = g_value_get_uint (from);

  /* Also refuses GTK_INVALID_LIST_POSITION while a model is swapped. */
  if (selected > G_MAXINT || g_enum_get_value (enum_class, selected) == NULL)
    return FALSE;

  g_value_set_enum (to, selected);
  return TRUE;
}

/* In dropdown order. */
static const char * const executables_both[] = { "unix", "windows", NULL };
static const char * const executables_unix[] = { "unix", NULL };
static const char * const executables_windows[] = { "windows", NULL };
static const char * const executables_none[] = { NULL };
static const char * const *executables_targets[] = {
  executables_both, executables_unix, executables_windows, executables_none,
};

static gboolean
executables_to_choice (GBinding     *binding,
                       const GValue *from,
                       GValue       *to,
                       gpointer      user_data)
{
  const char * const *targets = g_value_get_boxed (from);
  gboolean unix_target = targets != NULL && g_strv_contains (targets, "unix");
  gboolean windows_target = targets != NULL && g_strv_contains (targets, "windows");

  if (unix_target && windows_target)
    g_value_set_uint (to, 0);
  else if (unix_target)
    g_value_set_uint (to, 1);
  else if (windows_target)
    g_value_set_uint (to, 2);
  else
    g_value_set_uint (to, targets == NULL || targets[0] == NULL ? 3 : 0);
  return TRUE;
}

static gboolean
choice_to_executables (GBinding     *binding,
                       const GValue *from,
                       GValue       *to,
                       gpointer      user_data)
{
  guint selected = g_value_get_uint (from);

  if (selected >= G_N_ELEMENTS (executables_targets))
    return FALSE;

  g_value_set_boxed (to, executables_targets[selected]);
  return TRUE;
}

static gboolean
value_shows_row (GBinding     *binding,
                 const GValue *from,
                 GValue       *to,
                 gpointer      user_data)
{
  const KilnOptionSpec *spec = user_data;
  int value = G_VALUE_HOLDS_BOOLEAN (from) ? g_value_get_boolean (from) : g_value_get_enum (from);

  g_value_set_boolean (to, value == spec->shown_value);
  return TRUE;
}

/* The options, in the order they are shown */

static const char * const erts_choices[] = {
  N_("Bundle This Runtime"), N_("Use the Target's Erlang"), N_("From a Folder"), NULL
};
static const char * const executables_choices[] = {
  N_("Unix and Windows"), N_("Unix Only"), N_("Windows Only"), N_("None"), NULL
};
static const char * const runtime_config_choices[] = {
  "config/runtime.exs", N_("None"), N_("Another File"), NULL
};

static const KilnOptionSpec option_specs[] = {
  { "name", KILN_OPTION_SECTION_BASIC, OPTION_REQUIRED, N_("Name"),
    N_("The release's name; its start script will be bin/NAME"), "module-options", "my_app" },
  { "version", KILN_OPTION_SECTION_BASIC, OPTION_TEXT, N_("Version"),
    N_("Leave empty to use the project's version from mix.exs"), "module-options", N_("project version") },
  { "mix-env", KILN_OPTION_SECTION_BASIC, OPTION_REQUIRED, N_("MIX_ENV"),
    N_("The Mix environment to build in; releases are usually built in prod"), "module-running-the-release", "prod" },
  { "include-erts", KILN_OPTION_SECTION_BASIC, OPTION_CHOICE, N_("Include ERTS"),
    N_("Bundle the Erlang runtime so the target needs no Erlang installed (same OS and CPU)"), "module-options",
    .choices = erts_choices },
  { "include-erts-path", KILN_OPTION_SECTION_BASIC, OPTION_TEXT, N_("ERTS Folder"),
    N_("An erts-VSN folder to bundle instead of this machine's runtime"), "module-options", "/path/to/erts-13.0",
    .shown_with = "include-erts", .shown_value = KILN_INCLUDE_ERTS_PATH },
  { "cookie", KILN_OPTION_SECTION_BASIC, OPTION_SECRET, N_("Cookie"),
    N_("Secret shared by nodes that connect to each other; empty means a random one on the first build"),
    "module-options", N_("random") },
  { "path", KILN_OPTION_SECTION_BASIC, OPTION_TEXT, N_("Release Folder"),
    N_("Where the release is assembled; empty means _build/ENV/rel/NAME"), "module-options", N_("_build/…/rel/NAME") },
  { "strip-beams", KILN_OPTION_SECTION_BASIC, OPTION_SWITCH, N_("Strip BEAM Files"),
    N_("Remove debug information from compiled code to make the release smaller"), "module-options" },
  { "validate-compile-env", KILN_OPTION_SECTION_BASIC, OPTION_SWITCH, N_("Validate Compile-Time Config"),
    N_("Check at boot that compile-time configuration has not changed"), "module-options" },
  { "quiet", KILN_OPTION_SECTION_BASIC, OPTION_SWITCH, N_("Quiet"),
    N_("Do not print the release's summary at the end of mix release"), "module-options" },
  { "reboot-system-after-config", KILN_OPTION_SECTION_BASIC, OPTION_SWITCH, N_("Reboot After Config"),
    N_("Restart the VM after runtime configuration, for options that need it"), "module-options" },
  { "steps-include-tar", KILN_OPTION_SECTION_BASIC, OPTION_SWITCH, N_("Mix Tarball"),
    N_("Also run mix's own :tar step, which writes NAME-VSN.tar.gz"), "module-steps" },
  { "fetch-dependencies", KILN_OPTION_SECTION_ADVANCED, OPTION_SWITCH, N_("Fetch Dependencies"),
    N_("Run mix deps.get --only MIX_ENV when dependencies are missing; off, the build refuses instead"),
    DEPS_GET_DOCS },

  { "include-executables-for", KILN_OPTION_SECTION_ADVANCED, OPTION_CHOICE, N_("Start Scripts For"),
    N_("Which systems get bin/ scripts: Unix shell scripts, Windows .bat files, or both"), "module-options",
    .choices = executables_choices, .to_choice = executables_to_choice, .from_choice = choice_to_executables },
  { "strip-beams-keep", KILN_OPTION_SECTION_ADVANCED, OPTION_LIST, N_("Keep BEAM Chunks"),
    N_("Chunks that stripping keeps, comma-separated, such as “Docs, Dbgi”"), "module-options", "Docs, Dbgi",
    .shown_with = "strip-beams", .shown_value = TRUE },
  { "strip-beams-compress", KILN_OPTION_SECTION_ADVANCED, OPTION_SWITCH, N_("Compress Stripped BEAMs"),
    N_("Also compress the stripped BEAM files: smaller, slightly slower to load"), "module-options",
    .shown_with = "strip-beams", .shown_value = TRUE },
  { "runtime-config", KILN_OPTION_SECTION_ADVANCED, OPTION_CHOICE, N_("Runtime Config"),
    N_("The file read when the release boots; None leaves runtime.exs out of the release"),
    "module-runtime-configuration", .choices = runtime_config_choices },
  { "runtime-config-path", KILN_OPTION_SECTION_ADVANCED, OPTION_TEXT, N_("Runtime Config File"),
    N_("A path in the project, such as config/prod_runtime.exs"), "module-runtime-configuration", "config/runtime.exs",
    .shown_with = "runtime-config", .shown_value = KILN_RUNTIME_CONFIG_PATH },
  { "config-providers", KILN_OPTION_SECTION_ADVANCED, OPTION_CODE, N_("Config Providers"),
    N_("Elixir code for config_providers:, inserted into the release options verbatim"), "module-config-providers" },
  { "overlays", KILN_OPTION_SECTION_ADVANCED, OPTION_LIST, N_("Extra Overlay Folders"),
    N_("Folders copied into the release besides rel/overlays, comma-separated"), "module-overlays", "rel/extra" },
  { "rel-templates-path", KILN_OPTION_SECTION_ADVANCED, OPTION_TEXT, N_("Templates Folder"),
    N_("Where mix looks for vm.args.eex, env.sh.eex and overlays; empty means rel"), "module-options", "rel" },
};

/* Building the rows */

static GtkWidget *
new_choice (const KilnOptionSpec *spec)
{
  g_autoptr(GPtrArray) labels = g_ptr_array_new_null_terminated (8, NULL, TRUE);

  for (guint i = 0; spec->choices[i] != NULL; i++)
    g_ptr_array_add (labels, (gpointer) _(spec->choices[i]));

  return gtk_drop_down_new_from_strings ((const char * const *) labels->pdata);
}

static GtkWidget *
new_entry (const KilnOptionSpec *spec)
{
  const char *placeholder = spec->placeholder != NULL ? _(spec->placeholder) : NULL;
  GtkWidget *entry;

  if (spec->kind == OPTION_SECRET)
    {
      entry = gtk_password_entry_new ();
      gtk_password_entry_set_show_peek_icon (GTK_PASSWORD_ENTRY (entry), TRUE);
      g_object_set (entry, "placeholder-text", placeholder, NULL);
    }
  else
    {
      entry = gtk_entry_new ();
      gtk_entry_set_placeholder_text (GTK_ENTRY (entry), placeholder);
    }

  gtk_editable_set_width_chars (GTK_EDITABLE (entry), 12);
  gtk_widget_set_hexpand (entry, FALSE);
  return entry;
}

static GtkWidget *
new_code_view (void)
{
  GtkWidget *view = gtk_text_view_new ();

  gtk_text_view_set_monospace (GTK_TEXT_VIEW (view), TRUE);
  gtk_text_view_set_wrap_mode (GTK_TEXT_VIEW (view), GTK_WRAP_CHAR);
  gtk_text_view_set_accepts_tab (GTK_TEXT_VIEW (view), FALSE);
  g_object_set (view, "top-margin", 8, "bottom-margin", 8, "left-margin", 8, "right-margin", 8, NULL);
  return view;
}

static GtkWidget *
new_control (const KilnOptionSpec *spec)
{
  switch (spec->kind)
    {
    case OPTION_SWITCH:
      return gtk_switch_new ();
    case OPTION_CHOICE:
      return new_choice (spec);
    case OPTION_CODE:
      return new_code_view ();
    case OPTION_TEXT:
    case OPTION_REQUIRED:
    case OPTION_SECRET:
    case OPTION_LIST:
    default:
      return new_entry (spec);
    }
}

static GtkWidget *
new_code_row (GtkWidget *view,
              GtkWidget *learn_more)
{
  GtkWidget *row = adw_expander_row_new ();
  GtkWidget *scrolled = gtk_scrolled_window_new ();

  gtk_scrolled_window_set_child (GTK_SCROLLED_WINDOW (scrolled), view);
  gtk_scrolled_window_set_policy (GTK_SCROLLED_WINDOW (scrolled), GTK_POLICY_NEVER, GTK_POLICY_AUTOMATIC);
  gtk_scrolled_window_set_min_content_height (GTK_SCROLLED_WINDOW (scrolled), 96);
  gtk_widget_add_css_class (scrolled, "view");
  adw_expander_row_add_row (ADW_EXPANDER_ROW (row), scrolled);
  adw_expander_row_add_action (ADW_EXPANDER_ROW (row), learn_more);
  return row;
}

/* A row titled @title (plain text, not markup) that @control activates. */
GtkWidget *
kiln_option_row_new (const char *title,
                     GtkWidget  *control)
{
  GtkWidget *row = adw_action_row_new ();

  g_return_val_if_fail (GTK_IS_WIDGET (control), NULL);

  adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), title);
  gtk_widget_set_valign (control, GTK_ALIGN_CENTER);
  adw_action_row_add_suffix (ADW_ACTION_ROW (row), control);
  adw_action_row_set_activatable_widget (ADW_ACTION_ROW (row), control);
  return row;
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

/* The row for @spec, with its control, docs link and explanation. */
GtkWidget *
kiln_option_spec_new_row (const KilnOptionSpec  *spec,
                          GtkWidget            **control)
{
  const char *title = _(spec->title);
  const char *explanation = _(spec->explanation);
  g_autofree char *uri = g_str_has_prefix (spec->anchor, "https://")
                          ? g_strdup (spec->anchor)
                          : g_strdup_printf ("%s#%s", RELEASE_DOCS, spec->anchor);
  GtkWidget *learn_more = kiln_help_button_new (spec->property, title, explanation, uri);
  GtkWidget *row;

  *control = new_control (spec);

  gtk_accessible_update_property (GTK_ACCESSIBLE (*control),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, title,
                                  GTK_ACCESSIBLE_PROPERTY_DESCRIPTION, explanation,
                                  -1);

  if (spec->kind == OPTION_CODE)
    {
      row = new_code_row (*control, learn_more);
      adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), title);
    }
  else
    {
      row = kiln_option_row_new (title, *control);
      adw_action_row_add_suffix (ADW_ACTION_ROW (row), learn_more);
    }

  set_row_subtitle (row, explanation);

  return row;
}

/* Binds @control, made by kiln_option_spec_new_row(), to @profile both ways. */
GBinding *
kiln_option_spec_bind (const KilnOptionSpec *spec,
                       KilnReleaseProfile   *profile,
                       GtkWidget            *control)
{
  GBindingFlags flags = G_BINDING_BIDIRECTIONAL | G_BINDING_SYNC_CREATE;
  gpointer target = control;

  switch (spec->kind)
    {
    case OPTION_SWITCH:
      return g_object_bind_property (profile, spec->property, target, "active", flags);

    case OPTION_CHOICE:
      if (spec->to_choice == NULL)
        return kiln_option_bind_choice (profile, spec->property, GTK_DROP_DOWN (target));
      return g_object_bind_property_full (profile, spec->property, target, "selected", flags,
                                          spec->to_choice, spec->from_choice, NULL, NULL);

    case OPTION_LIST:
      return g_object_bind_property_full (profile, spec->property, target, "text", flags,
                                          strv_to_text, text_to_strv, NULL, NULL);

    case OPTION_CODE:
      target = gtk_text_view_get_buffer (GTK_TEXT_VIEW (control));
      G_GNUC_FALLTHROUGH;
    case OPTION_TEXT:
    case OPTION_REQUIRED:
    case OPTION_SECRET:
    default:
      return g_object_bind_property_full (profile, spec->property, target, "text", flags,
                                          string_to_text, text_to_string, (gpointer) spec, NULL);
    }
}

/* Shows @row only while the profile has the value the row needs, if any. */
GBinding *
kiln_option_spec_bind_shown (const KilnOptionSpec *spec,
                             KilnReleaseProfile   *profile,
                             GtkWidget            *row)
{
  if (spec->shown_with == NULL)
    return NULL;

  return g_object_bind_property_full (profile, spec->shown_with, row, "visible", G_BINDING_SYNC_CREATE,
                                      value_shows_row, NULL, (gpointer) spec, NULL);
}

const KilnOptionSpec *
kiln_option_spec_get (guint index)
{
  return index < G_N_ELEMENTS (option_specs) ? &option_specs[index] : NULL;
}

KilnOptionSection
kiln_option_spec_get_section (const KilnOptionSpec *spec)
{
  return spec->section;
}

const char *
kiln_option_spec_get_property (const KilnOptionSpec *spec)
{
  return spec->property;
}

const char *
kiln_option_spec_get_explanation (const KilnOptionSpec *spec)
{
  return _(spec->explanation);
}

GBinding *
kiln_option_bind_choice (gpointer     source,
                         const char  *property,
                         GtkDropDown *dropdown)
{
  g_return_val_if_fail (G_IS_OBJECT (source), NULL);
  g_return_val_if_fail (GTK_IS_DROP_DOWN (dropdown), NULL);

  return g_object_bind_property_full (source, property, dropdown, "selected",
                                      G_BINDING_BIDIRECTIONAL | G_BINDING_SYNC_CREATE,
                                      enum_to_choice, choice_to_enum, NULL, NULL);
}

/* Problems */

void
kiln_option_row_show_problem (GtkWidget  *row,
                              const char *message)
{
  g_autofree char *text = NULL;

  g_return_if_fail (GTK_IS_WIDGET (row));

  if (gtk_widget_has_css_class (row, "error") && gtk_widget_get_tooltip_text (row) != NULL)
    text = g_strconcat (gtk_widget_get_tooltip_text (row), "\n", message, NULL);
  else
    text = g_strdup (message);

  gtk_widget_add_css_class (row, "error");
  gtk_widget_set_tooltip_text (row, text);
  set_row_subtitle (row, text);
}

void
kiln_option_row_clear_problem (GtkWidget  *row,
                               const char *explanation)
{
  g_return_if_fail (GTK_IS_WIDGET (row));

  gtk_widget_remove_css_class (row, "error");
  gtk_widget_set_tooltip_text (row, NULL);
  set_row_subtitle (row, explanation);
}

