import SparringWeb

await Entrypoint.main()
