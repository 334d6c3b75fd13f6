from archtool.cli import main

main()
