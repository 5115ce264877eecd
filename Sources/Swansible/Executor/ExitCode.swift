/// ansible-playbook's exit codes.
public enum ExitCode {
    public static let ok: Int32 = 0
    public static let error: Int32 = 1
    public static let hostFailed: Int32 = 2
    public static let badArguments: Int32 = 2
    public static let hostUnreachable: Int32 = 4
    public static let parserError: Int32 = 4
    public static let badOptions: Int32 = 5
    public static let interrupted: Int32 = 99
    public static let unexpected: Int32 = 250
}
