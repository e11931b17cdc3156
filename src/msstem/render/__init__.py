"""Documents and data written out: one module per format, the format chooser, and the writer that
puts text on a terminal, a pipe or a file."""
