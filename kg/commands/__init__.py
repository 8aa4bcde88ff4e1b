"""One module per `kg` command: add_parser(sub) registers it, its function runs it."""
