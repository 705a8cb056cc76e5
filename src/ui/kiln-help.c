#define G_LOG_DOMAIN "kiln-ui"

#include "config.h"

#include <glib/gi18n.h>

#include "kiln-help.h"

/* The answers "Learn more" gives in the app, offline and translated; the
 * Mix documentation link sits under each. Topics are option properties,
 * or the names of the other places that explain something. */
typedef struct
{
  const char *topic;
  const char *details;
} HelpEntry;

static const HelpEntry help_entries[] = {
  { "name", N_("mix release builds the release named here from the releases: list in mix.exs. "
               "Its start script is bin/NAME, and the name must be lowercase letters, digits and underscores.") },
  { "version", N_("The version becomes the folder releases/VSN inside the release and part of the archive name. "
                  "Hot upgrades compare versions, so give each release you ship a new one.") },
  { "mix-env", N_("MIX_ENV chooses which config/ENV.exs is compiled in and which dependencies are needed. "
                  "Production releases are built in prod; config/runtime.exs is still read each time the release boots.") },
  { "include-erts", N_("With ERTS, the release carries the Erlang runtime it was built with: the target needs no Erlang, "
                       "but it must run the same operating system family, CPU architecture and a C library (glibc) at least "
                       "as new as the build machine's. Build on the oldest system you deploy to, or in a container like it.\n\n"
                       "Without ERTS, the release uses the Erlang installed on the target, which must be the same OTP major "
                       "version as the one that built it.") },
  { "include-erts-path", N_("Point at an erts-VSN folder from an Erlang built for the target, to cross-package for another "
                            "system. Its OTP version must match the one that compiled the release.") },
  { "cookie", N_("Distributed Erlang nodes connect only when they share the cookie. mix release writes it into "
                 "releases/COOKIE; set RELEASE_COOKIE in the environment where the release runs to override it, so "
                 "the secret need not ship inside the archive. Remote shells (bin/NAME remote, rpc) use the same cookie.") },
  { "path", N_("By default the release goes to _build/MIX_ENV/rel/NAME inside the project. Any folder works; Kiln "
               "packages and verifies it there.") },
  { "strip-beams", N_("Stripping removes documentation and debug chunks from .beam files. Releases get smaller and load "
                      "faster; stack traces still name modules, functions and lines.") },
  { "validate-compile-env", N_("Values read at compile time with Application.compile_env are checked again at boot. "
                               "A release configured differently at run time then refuses to start instead of "
                               "running with stale compiled-in values.") },
  { "runtime-config", N_("Two files configure a release. sys.config is written when the release is built, from "
                         "config/config.exs and config/ENV.exs: it is fixed inside the release. config/runtime.exs is "
                         "copied as Elixir code and evaluated each time the release boots, on the target, so it can read "
                         "environment variables such as DATABASE_URL and SECRET_KEY_BASE.") },
  { "config-providers", N_("Config providers load configuration from other sources at boot, for example a JSON or TOML "
                           "file. The code is inserted as the config_providers: option.") },
  { "overlays", N_("Overlays are folders whose files are copied into the release as they are, after it is assembled. "
                   "rel/overlays is used by default.") },
  { "steps-include-tar", N_("mix release can write its own NAME-VSN.tar.gz. Kiln packages the release itself "
                            "(tar.gz, tar.zst, zip with checksums), so this is only needed by tools that expect Mix's file.") },
  { "fetch-dependencies", N_("When the chosen environment's dependencies are missing or out of date, Kiln runs "
                             "mix deps.get --only MIX_ENV before compiling. Turn this off to have the build stop instead.") },
  { "templates", N_("vm.args sets flags for the Erlang VM (node name, scheduler options), env.sh runs before the "
                    "release starts and can export environment variables, and remote.vm.args applies to remote shells. "
                    "They are EEx templates: @release gives the release's name, version and options.") },
};

const char *
kiln_help_get_details (const char *topic)
{
  for (guint i = 0; topic != NULL && i < G_N_ELEMENTS (help_entries); i++)
    if (g_str_equal (help_entries[i].topic, topic))
      return _(help_entries[i].details);

  return NULL;
}

static GtkWidget *
new_label (const char *text,
           const char *css_class)
{
  GtkWidget *label = gtk_label_new (text);

  gtk_label_set_wrap (GTK_LABEL (label), TRUE);
  gtk_label_set_max_width_chars (GTK_LABEL (label), 48);
  gtk_label_set_xalign (GTK_LABEL (label), 0);
  gtk_label_set_selectable (GTK_LABEL (label), FALSE);
  if (css_class != NULL)
    gtk_widget_add_css_class (label, css_class);

  return label;
}

/* A help button whose popover explains TOPIC: TITLE, the SUMMARY the row
 * already shows, the topic's details, then the link to URI. */
GtkWidget *
kiln_help_button_new (const char *topic,
                      const char *title,
                      const char *summary,
                      const char *uri)
{
  g_autofree char *label = g_strdup_printf (_("Learn more about %s"), title);
  const char *details = kiln_help_get_details (topic);
  GtkWidget *button = gtk_menu_button_new ();
  GtkWidget *popover = gtk_popover_new ();
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 6);
  GtkWidget *link = gtk_link_button_new_with_label (uri, _("Mix documentation"));

  gtk_widget_set_margin_start (box, 6);
  gtk_widget_set_margin_end (box, 6);
  gtk_widget_set_margin_top (box, 6);
  gtk_widget_set_margin_bottom (box, 6);
  gtk_box_append (GTK_BOX (box), new_label (title, "heading"));
  if (summary != NULL)
    gtk_box_append (GTK_BOX (box), new_label (summary, NULL));
  if (details != NULL)
    gtk_box_append (GTK_BOX (box), new_label (details, NULL));
  gtk_widget_set_halign (link, GTK_ALIGN_START);
  gtk_box_append (GTK_BOX (box), link);
  gtk_popover_set_child (GTK_POPOVER (popover), box);

  gtk_menu_button_set_icon_name (GTK_MENU_BUTTON (button), "help-about-symbolic");
  gtk_menu_button_set_popover (GTK_MENU_BUTTON (button), popover);
  gtk_widget_set_valign (button, GTK_ALIGN_CENTER);
  gtk_widget_add_css_class (button, "flat");
  gtk_widget_set_tooltip_text (button, label);
  gtk_accessible_update_property (GTK_ACCESSIBLE (button), GTK_ACCESSIBLE_PROPERTY_LABEL, label, -1);

  return button;
}
