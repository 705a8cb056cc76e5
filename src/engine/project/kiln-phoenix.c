#define G_LOG_DOMAIN "kiln-project"

#include "config.h"

#include <glib/gi18n-lib.h>

#include "kiln-environment-variable.h"
#include "kiln-phoenix.h"
#include "kiln-project-private.h"

#define SECRET_LENGTH 64

struct _KilnPhoenix
{
  GObject   parent_instance;

  char     *endpoint;
  char     *assets_task;
  GStrv     runtime_env;
  gboolean  has_server_script;
  gboolean  uses_ecto;
};

G_DEFINE_FINAL_TYPE (KilnPhoenix, kiln_phoenix, G_TYPE_OBJECT)

static void
kiln_phoenix_finalize (GObject *object)
{
  KilnPhoenix *self = KILN_PHOENIX (object);

  g_clear_pointer (&self->endpoint, g_free);
  g_clear_pointer (&self->assets_task, g_free);
  g_clear_pointer (&self->runtime_env, g_strfreev);

  G_OBJECT_CLASS (kiln_phoenix_parent_class)->finalize (object);
}

static void
kiln_phoenix_class_init (KilnPhoenixClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = kiln_phoenix_finalize;
}

static void
kiln_phoenix_init (KilnPhoenix *self)
{
}

KilnPhoenix *
kiln_phoenix_new_from_inspection (JsonObject *phoenix)
{
  static const char * const tasks[] = { "assets.deploy", "phx.digest" };
  KilnPhoenix *self;
  JsonArray *env;
  GPtrArray *names = g_ptr_array_new_null_terminated (4, g_free, TRUE);
  const char *task;

  if (phoenix == NULL || !kiln_project_json_boolean (phoenix, "detected"))
    {
      g_ptr_array_unref (names);
      return NULL;
    }

  self = g_object_new (KILN_TYPE_PHOENIX, NULL);
  self->endpoint = g_strdup (kiln_project_json_string (phoenix, "endpoint"));
  self->has_server_script = kiln_project_json_boolean (phoenix, "server_script");
  self->uses_ecto = kiln_project_json_boolean (phoenix, "ecto");

  /* Only a task Kiln knows ever reaches a command line. */
  task = kiln_project_json_string (phoenix, "assets");
  for (guint i = 0; task != NULL && i < G_N_ELEMENTS (tasks); i++)
    if (g_str_equal (task, tasks[i]))
      self->assets_task = g_strdup (tasks[i]);

  if ((env = kiln_project_json_array (phoenix, "runtime_env")))
    for (guint i = 0; i < json_array_get_length (env); i++)
      {
        JsonNode *node = json_array_get_element (env, i);

        if (JSON_NODE_HOLDS_VALUE (node) && json_node_get_value_type (node) == G_TYPE_STRING)
          g_ptr_array_add (names, g_strdup (json_node_get_string (node)));
      }
  self->runtime_env = (GStrv) g_ptr_array_free (names, FALSE);

  return self;
}

const char *
kiln_phoenix_get_endpoint (KilnPhoenix *self)
{
  g_return_val_if_fail (KILN_IS_PHOENIX (self), NULL);

  return self->endpoint;
}

const char *
kiln_phoenix_get_assets_task (KilnPhoenix *self)
{
  g_return_val_if_fail (KILN_IS_PHOENIX (self), NULL);

  return self->assets_task;
}

gboolean
kiln_phoenix_get_has_server_script (KilnPhoenix *self)
{
  g_return_val_if_fail (KILN_IS_PHOENIX (self), FALSE);

  return self->has_server_script;
}

gboolean
kiln_phoenix_get_uses_ecto (KilnPhoenix *self)
{
  g_return_val_if_fail (KILN_IS_PHOENIX (self), FALSE);

  return self->uses_ecto;
}

const char * const *
kiln_phoenix_get_runtime_env (KilnPhoenix *self)
{
  g_return_val_if_fail (KILN_IS_PHOENIX (self), NULL);

  return (const char * const *) self->runtime_env;
}

char *
kiln_phoenix_dup_serve_hint (KilnPhoenix *self,
                             const char  *release_name)
{
  g_return_val_if_fail (KILN_IS_PHOENIX (self), NULL);
  g_return_val_if_fail (release_name != NULL, NULL);

  if (self->has_server_script)
    return g_strdup (_("To serve it, run bin/server in the release folder (it sets PHX_SERVER=true)."));

  return g_strdup_printf (_("To serve it, run PHX_SERVER=true bin/%s start in the release folder; "
                            "without PHX_SERVER the endpoint does not listen."), release_name);
}

/* Like `mix phx.gen.secret`: URL-safe random characters. */
static char *
new_secret (void)
{
  static const char alphabet[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
  GString *secret = g_string_sized_new (SECRET_LENGTH);
  g_autoptr(GRand) rand = NULL;
  guint32 seed[8];
  g_autoptr(GFile) urandom = g_file_new_for_path ("/dev/urandom");
  g_autoptr(GFileInputStream) stream = g_file_read (urandom, NULL, NULL);

  if (stream == NULL || !g_input_stream_read_all (G_INPUT_STREAM (stream), seed, sizeof seed, NULL, NULL, NULL))
    for (guint i = 0; i < G_N_ELEMENTS (seed); i++)
      seed[i] = g_random_int ();

  rand = g_rand_new_with_seed_array (seed, G_N_ELEMENTS (seed));
  for (guint i = 0; i < SECRET_LENGTH; i++)
    g_string_append_c (secret, alphabet[g_rand_int_range (rand, 0, sizeof alphabet - 1)]);

  return g_string_free (secret, FALSE);
}

GPtrArray *
kiln_phoenix_new_check_environment (void)
{
  GPtrArray *environment = g_ptr_array_new_with_free_func (g_object_unref);
  g_autofree char *secret = new_secret ();

  g_ptr_array_add (environment, kiln_environment_variable_new ("SECRET_KEY_BASE", secret, TRUE));
  g_ptr_array_add (environment, kiln_environment_variable_new ("PHX_SERVER", "true", FALSE));
  g_ptr_array_add (environment, kiln_environment_variable_new ("PORT", "4000", FALSE));
  g_ptr_array_add (environment, kiln_environment_variable_new ("PHX_HOST", "localhost", FALSE));

  return environment;
}
