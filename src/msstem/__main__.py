"""python -m msstem"""

from .cli import main

main()
