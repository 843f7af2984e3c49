from lodemap.cli.app import main

main()
