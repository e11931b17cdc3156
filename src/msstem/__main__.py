"""python -m msstem"""

from .entry import main

main()
