import sys

if sys.argv[1:2] == ["meeting"]:
    from benchmarks.meeting import main as meeting

    raise SystemExit(meeting(sys.argv[2:]))

from benchmarks.run_all import main

raise SystemExit(main())
