from meeting_tui.cli import main

raise SystemExit(main())
