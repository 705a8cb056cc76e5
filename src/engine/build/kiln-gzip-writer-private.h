#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* Receives the compressed bytes in order; returns FALSE with @error set to stop. */
typedef gboolean (*KilnGzipSinkFunc) (gconstpointer   data,
                                      gsize           length,
                                      gpointer        user_data,
                                      GError        **error);

typedef struct _KilnGzipWriter KilnGzipWriter;

KilnGzipWriter *kiln_gzip_writer_new   (guint             n_threads,
                                        KilnGzipSinkFunc  sink,
                                        gpointer          user_data);
void            kiln_gzip_writer_set_whole_input_limit (KilnGzipWriter *self,
                                                        gsize           limit);
gboolean        kiln_gzip_writer_write (KilnGzipWriter   *self,
                                        gconstpointer     data,
                                        gsize             length,
                                        GError          **error);
gboolean        kiln_gzip_writer_close (KilnGzipWriter   *self,
                                        GError          **error);
void            kiln_gzip_writer_free  (KilnGzipWriter   *self);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (KilnGzipWriter, kiln_gzip_writer_free)

G_END_DECLS
