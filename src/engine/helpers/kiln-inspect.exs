# Kiln inspection helper (to be written)
