# Kiln release helper (to be written)
