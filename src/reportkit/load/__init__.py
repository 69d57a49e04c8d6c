"""Load: content/ read into plain data (the model), each file checked for what it must hold to be read at all."""
