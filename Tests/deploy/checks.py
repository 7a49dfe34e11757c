"""The ok/FAIL reporter the Tests/deploy scripts share: one line a check, a failure's detail indented below it."""

from typing import Callable


class Checks:
    def __init__(self, prefix: str = "", lines: Callable[[str], list] = str.splitlines) -> None:
        self.prefix = prefix
        self.lines = lines  # which lines of a failure's detail to print
        self.failed = 0

    def report(self, good: bool, what: str, detail: object = "") -> None:
        print(("ok   " if good else "FAIL ") + self.prefix + what)
        if not good:
            self.failed += 1
            for line in self.lines(str(detail)):
                print("    " + line)
