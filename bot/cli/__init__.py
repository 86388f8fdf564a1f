"""The command line: the `eventqa` command and the terminal chat."""
