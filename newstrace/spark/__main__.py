"""`python -m newstrace.spark PATH... --out DIR`, or on a cluster
`spark-submit --master URL newstrace/spark/__main__.py PATH... --out DIR` (spark-submit runs a
Python application by its `.py` file): the same as `newstrace spark`."""

import sys

from newstrace.cli import main

if __name__ == "__main__":
    main(["spark", *sys.argv[1:]], prog_name="newstrace spark")
