from dedupe.cli import main

raise SystemExit(main())
