import SparringDomain

/// Storage column names of the rated statements and reflections: `s_knows_enough`, `r_good_leader`.
extension RawRepresentable where RawValue == String {
    var snakeCased: String {
        rawValue.reduce(into: "") { result, character in
            if character.isUppercase { result += "_" + character.lowercased() } else { result.append(character) }
        }
    }
}

extension SelfStatement { var column: String { "s_" + snakeCased } }
extension PulseStatement { var column: String { "s_" + snakeCased } }
extension ReflectionQuestion { var column: String { "r_" + snakeCased } }
