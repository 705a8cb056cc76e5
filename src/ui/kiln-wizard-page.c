#define G_LOG_DOMAIN "kiln-ui"

#include "config.h"

#include "kiln-wizard-page.h"

typedef struct
{
  char        *title;
  KilnSession *session;
  guint        complete : 1;
} KilnWizardPagePrivate;

G_DEFINE_TYPE_WITH_PRIVATE (KilnWizardPage, kiln_wizard_page, ADW_TYPE_BIN)

enum {
  PROP_0,
  PROP_TITLE,
  PROP_COMPLETE,
  PROP_SESSION,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static void
kiln_wizard_page_real_apply_async (KilnWizardPage      *self,
                                   GCancellable        *cancellable,
                                   GAsyncReadyCallback  callback,
                                   gpointer             user_data)
{
  g_autoptr(GTask) task = g_task_new (self, cancellable, callback, user_data);

  g_task_set_source_tag (task, kiln_wizard_page_real_apply_async);
  g_task_return_boolean (task, TRUE);
}

static gboolean
kiln_wizard_page_real_apply_finish (KilnWizardPage  *self,
                                    GAsyncResult    *result,
                                    GError         **error)
{
  return g_task_propagate_boolean (G_TASK (result), error);
}

static void
kiln_wizard_page_dispose (GObject *object)
{
  KilnWizardPage *self = (KilnWizardPage *)object;
  KilnWizardPagePrivate *priv = kiln_wizard_page_get_instance_private (self);

  g_clear_object (&priv->session);

  G_OBJECT_CLASS (kiln_wizard_page_parent_class)->dispose (object);
}

static void
kiln_wizard_page_finalize (GObject *object)
{
  KilnWizardPage *self = (KilnWizardPage *)object;
  KilnWizardPagePrivate *priv = kiln_wizard_page_get_instance_private (self);

  g_clear_pointer (&priv->title, g_free);

  G_OBJECT_CLASS (kiln_wizard_page_parent_class)->finalize (object);
}

static void
kiln_wizard_page_get_property (GObject    *object,
                               guint       prop_id,
                               GValue     *value,
                               GParamSpec *pspec)
{
  KilnWizardPage *self = KILN_WIZARD_PAGE (object);

  switch (prop_id)
    {
    case PROP_TITLE:
      g_value_set_string (value, kiln_wizard_page_get_title (self));
      break;
    case PROP_COMPLETE:
      g_value_set_boolean (value, kiln_wizard_page_get_complete (self));
      break;
    case PROP_SESSION:
      g_value_set_object (value, kiln_wizard_page_get_session (self));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
kiln_wizard_page_set_property (GObject      *object,
                               guint         prop_id,
                               const GValue *value,
                               GParamSpec   *pspec)
{
  KilnWizardPage *self = KILN_WIZARD_PAGE (object);

  switch (prop_id)
    {
    case PROP_TITLE:
      kiln_wizard_page_set_title (self, g_value_get_string (value));
      break;
    case PROP_COMPLETE:
      kiln_wizard_page_set_complete (self, g_value_get_boolean (value));
      break;
    case PROP_SESSION:
      kiln_wizard_page_set_session (self, g_value_get_object (value));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
kiln_wizard_page_class_init (KilnWizardPageClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = kiln_wizard_page_dispose;
  object_class->finalize = kiln_wizard_page_finalize;
  object_class->get_property = kiln_wizard_page_get_property;
  object_class->set_property = kiln_wizard_page_set_property;

  klass->apply_async = kiln_wizard_page_real_apply_async;
  klass->apply_finish = kiln_wizard_page_real_apply_finish;

  properties[PROP_TITLE] =
    g_param_spec_string ("title", NULL, NULL, NULL,
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_COMPLETE] =
    g_param_spec_boolean ("complete", NULL, NULL, FALSE,
                          G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_SESSION] =
    g_param_spec_object ("session", NULL, NULL, KILN_TYPE_SESSION,
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);

  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
kiln_wizard_page_init (KilnWizardPage *self)
{
}

const char *
kiln_wizard_page_get_title (KilnWizardPage *self)
{
  KilnWizardPagePrivate *priv = kiln_wizard_page_get_instance_private (self);

  g_return_val_if_fail (KILN_IS_WIZARD_PAGE (self), NULL);

  return priv->title;
}

void
kiln_wizard_page_set_title (KilnWizardPage *self,
                            const char     *title)
{
  KilnWizardPagePrivate *priv = kiln_wizard_page_get_instance_private (self);

  g_return_if_fail (KILN_IS_WIZARD_PAGE (self));

  if (g_strcmp0 (priv->title, title) == 0)
    return;

  g_free (priv->title);
  priv->title = g_strdup (title);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_TITLE]);
}

gboolean
kiln_wizard_page_get_complete (KilnWizardPage *self)
{
  KilnWizardPagePrivate *priv = kiln_wizard_page_get_instance_private (self);

  g_return_val_if_fail (KILN_IS_WIZARD_PAGE (self), FALSE);

  return priv->complete;
}

void
kiln_wizard_page_set_complete (KilnWizardPage *self,
                               gboolean        complete)
{
  KilnWizardPagePrivate *priv = kiln_wizard_page_get_instance_private (self);

  g_return_if_fail (KILN_IS_WIZARD_PAGE (self));

  complete = !!complete;
  if (priv->complete == complete)
    return;

  priv->complete = complete;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_COMPLETE]);
}

KilnSession *
kiln_wizard_page_get_session (KilnWizardPage *self)
{
  KilnWizardPagePrivate *priv = kiln_wizard_page_get_instance_private (self);

  g_return_val_if_fail (KILN_IS_WIZARD_PAGE (self), NULL);

  return priv->session;
}

void
kiln_wizard_page_set_session (KilnWizardPage *self,
                              KilnSession    *session)
{
  KilnWizardPagePrivate *priv = kiln_wizard_page_get_instance_private (self);

  g_return_if_fail (KILN_IS_WIZARD_PAGE (self));

  if (g_set_object (&priv->session, session))
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_SESSION]);
}

void
kiln_wizard_page_shown (KilnWizardPage *self)
{
  g_return_if_fail (KILN_IS_WIZARD_PAGE (self));

  if (KILN_WIZARD_PAGE_GET_CLASS (self)->shown)
    KILN_WIZARD_PAGE_GET_CLASS (self)->shown (self);
}

void
kiln_wizard_page_apply_async (KilnWizardPage      *self,
                              GCancellable        *cancellable,
                              GAsyncReadyCallback  callback,
                              gpointer             user_data)
{
  g_return_if_fail (KILN_IS_WIZARD_PAGE (self));

  KILN_WIZARD_PAGE_GET_CLASS (self)->apply_async (self, cancellable, callback, user_data);
}

gboolean
kiln_wizard_page_apply_finish (KilnWizardPage  *self,
                               GAsyncResult    *result,
                               GError         **error)
{
  g_return_val_if_fail (KILN_IS_WIZARD_PAGE (self), FALSE);

  return KILN_WIZARD_PAGE_GET_CLASS (self)->apply_finish (self, result, error);
}
