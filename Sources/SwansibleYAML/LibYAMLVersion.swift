import CLibYAML

/// The libyaml the loader is linked with (for `--version`).
public enum LibYAML {
    public static var version: String { String(cString: yaml_get_version_string()) }
}
