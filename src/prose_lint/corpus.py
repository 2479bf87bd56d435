"""placeholder"""
def main(argv):
    raise SystemExit(2)
