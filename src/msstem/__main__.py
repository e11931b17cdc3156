"""python -m msstem"""

from msstem.cli.app import main

main()
