"""`python -m reunite` runs the command-line interface."""

from reunite.cli.main import main

if __name__ == "__main__":
    main()
