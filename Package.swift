// swift-tools-version:6.0
import PackageDescription

// Targets follow the dependency direction of ../shared/STYLE.md:
// SparringDomain ← SparringStorage ← SparringWeb → SparringViews → SparringDomain; `sparring` is a few lines.
let package = Package(
    name: "sparring",
    platforms: [.macOS(.v13)],
    products: [
        .executable(name: "sparring", targets: ["sparring"])
    ],
    dependencies: [
        .package(url: "https://github.com/vapor/vapor.git", from: "4.122.3"),
        .package(url: "https://github.com/vapor/fluent.git", from: "4.13.0"),
        .package(url: "https://github.com/vapor/fluent-kit.git", from: "1.57.0"),
        .package(url: "https://github.com/vapor/fluent-sqlite-driver.git", from: "4.9.0"),
        .package(url: "https://github.com/vapor/fluent-postgres-driver.git", from: "2.14.0"),
        .package(url: "https://github.com/vapor/sql-kit.git", from: "3.36.0"),
        .package(url: "https://github.com/JohnSundell/Plot.git", from: "0.14.0"),
        // Already built for Vapor; named here because storage seals pulse ballots (AES-GCM).
        .package(url: "https://github.com/apple/swift-crypto.git", "3.0.0"..<"6.0.0"),
    ],
    targets: [
        // Pure rules, statistics, localisation catalogues and formatting. Foundation only.
        .target(name: "SparringDomain"),
        // Fluent models, migrations, queries and the SQLite/PostgreSQL seam.
        .target(
            name: "SparringStorage",
            dependencies: [
                "SparringDomain",
                .product(name: "Fluent", package: "fluent"),
                .product(name: "FluentKit", package: "fluent-kit"),
                .product(name: "FluentSQLiteDriver", package: "fluent-sqlite-driver"),
                .product(name: "FluentPostgresDriver", package: "fluent-postgres-driver"),
                .product(name: "SQLKit", package: "sql-kit"),
                .product(name: "Crypto", package: "swift-crypto"),
            ]
        ),
        // Page models and Plot views. Knows nothing about requests or databases.
        .target(
            name: "SparringViews",
            dependencies: [
                "SparringDomain",
                .product(name: "Plot", package: "Plot"),
            ]
        ),
        // Vapor: typed routes, controllers, middleware, API DTOs, commands.
        .target(
            name: "SparringWeb",
            dependencies: [
                "SparringDomain",
                "SparringStorage",
                "SparringViews",
                .product(name: "Vapor", package: "vapor"),
                .product(name: "Fluent", package: "fluent"),
            ]
        ),
        .executableTarget(name: "sparring", dependencies: ["SparringWeb"]),
        // Fixtures and the test application builder shared by the test targets.
        .target(
            name: "SparringTestSupport",
            dependencies: [
                "SparringWeb",
                "SparringStorage",
                .product(name: "VaporTesting", package: "vapor"),
            ]
        ),
        // `swift run -c release sparring-bench`: the directory and sign-in queries at design size.
        .executableTarget(
            name: "sparring-bench",
            dependencies: ["SparringWeb", "SparringStorage", "SparringDomain"],
            path: "Benchmarks/Directory"
        ),
        .testTarget(name: "SparringDomainTests", dependencies: ["SparringDomain"]),
        .testTarget(name: "SparringViewsTests", dependencies: ["SparringViews", "SparringDomain"]),
        .testTarget(
            name: "SparringWebTests",
            dependencies: [
                "SparringWeb",
                "SparringStorage",
                "SparringTestSupport",
                .product(name: "VaporTesting", package: "vapor"),
            ]
        ),
    ],
    swiftLanguageModes: [.v6]
)
