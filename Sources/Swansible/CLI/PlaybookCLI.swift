import Foundation
import SwansibleCrypto

/// What `swansible-playbook` does once its arguments are parsed: read ansible.cfg, the
/// inventory and the playbooks, then run, list or syntax-check them. Errors are printed as
/// ansible-playbook prints them, with its exit codes.
public struct PlaybookCLI: Sendable {
    public enum Mode: Sendable, Equatable {
        case run, syntaxCheck
        case list(tasks: Bool, tags: Bool, hosts: Bool)
    }

    public var options: RunOptions
    public var playbooks: [String]
    public var mode: Mode
    public var environment: [String: String]
    public var currentDirectory: String
    public var callback: any OutputCallback
    /// The caller chose the callback; otherwise ansible.cfg's `stdout_callback` may.
    private var callbackGiven: Bool
    /// An ad-hoc command (`swansible PATTERN -m MODULE`) to run instead of `playbooks`.
    public var adHoc: AdHocTask?

    public init(
        options: RunOptions, playbooks: [String], mode: Mode = .run,
        environment: [String: String] = ProcessInfo.processInfo.environment,
        currentDirectory: String = FileManager.default.currentDirectoryPath,
        callback: (any OutputCallback)? = nil
    ) {
        self.options = options
        self.playbooks = playbooks
        self.mode = mode
        self.environment = environment
        self.currentDirectory = currentDirectory
        self.callback = callback ?? (LiveStatusLine.wanted(environment: environment)
            ? DefaultCallback(statusLine: LiveStatusLine(), verbosity: options.verbosity)
            : DefaultCallback(verbosity: options.verbosity))
        self.callbackGiven = callback != nil
    }

    public func run() async -> Int32 {
        let config: AnsibleConfig
        do {
            config = try AnsibleConfig.load(environment: environment, currentDirectory: currentDirectory)
        } catch {
            return fail(error, code: ExitCode.error)
        }
        if config.stdoutCallback != "default" {
            // (A callback the caller gave still prints the refusal of an unknown one.)
            guard StdoutCallback.named(config.stdoutCallback, verbosity: options.verbosity) != nil else {
                return fail(message: StdoutCallback.notFound(config.stdoutCallback), code: ExitCode.error)
            }
        }
        if !callbackGiven, config.stdoutCallback != "default",
           let chosen = StdoutCallback.named(config.stdoutCallback, verbosity: options.verbosity, deprecationWarnings: config.deprecationWarnings) {
            var withCallback = self
            withCallback.callback = chosen
            withCallback.callbackGiven = true
            return await withCallback.run()
        }
        callback.useColours(config)
        let warn: @Sendable (String) -> Void = { [callback] in callback.warning($0) }
        // Like ansible-playbook from -v on, its first line.
        if options.verbosity > 0 {
            callback.plain(config.path.map { "Using \($0) as config file" } ?? "No config file found; using defaults")
        }
        config.warnings.forEach(warn)
        for option in options.ignoredTransferOptions {
            warn("\(option) is ignored: Swansible sends files over the SSH session's own SFTP channel, not with sftp or scp.")
        }
        var options = options
        if mode == .run {
            // Asked before the vault passwords, like ansible-playbook; never when only listing.
            do {
                // (A password the caller already set stays when its source gives none.)
                options.connectionPassword = try options.connectionPasswordSource.password(currentDirectory: currentDirectory)
                    ?? options.connectionPassword
                options.becomePassword = try options.becomePasswordSource.password(
                    config: config, currentDirectory: currentDirectory,
                    connectionPassword: options.connectionPasswordSource.ask ? options.connectionPassword : nil)
                    ?? options.becomePassword
            } catch {
                return fail(message: "\(error)", code: ExitCode.error)
            }
        }
        let keyring: VaultKeyring
        do {
            let secrets = try options.vault.secrets(config: config, currentDirectory: currentDirectory, warn: warn)
            keyring = VaultKeyring(secrets, onlyMatchingLabel: config.vaultIDMatch)
        } catch {
            return fail(message: "\(error)", code: ExitCode.error)
        }
        // Every file read from here on (inventory, playbooks, vars files, lookups, copy sources)
        // is decrypted with this keyring.
        return await VaultKeyring.$current.withValue(keyring) { await run(config: config, options: options, warn: warn) }
    }

    private func run(config: AnsibleConfig, options: RunOptions, warn: @escaping @Sendable (String) -> Void) async -> Int32 {
        let inventory: Inventory
        do {
            let sources = options.inventorySources.isEmpty ? nil : options.inventorySources.map(absolute)
            inventory = try Inventory.load(config: config, sources: sources, onWarning: warn)
        } catch {
            return fail(error, code: ExitCode.error)
        }
        if let adHoc {
            return await runAdHoc(adHoc, config: config, options: options, inventory: inventory, warn: warn)
        }
        if let status = checkHostList(inventory, config: config, warn: warn) { return status }
        var loader = PlaybookLoader(
            rolesPath: config.rolesPath, actions: ModuleRegistry(), duplicateKeys: config.duplicateDictKey, onWarning: warn)
        loader.library = moduleLibrary(config: config, options: options)
        // (Extra vars that cannot be read fail the run later, with their own message.)
        let extraVars = (try? ExtraVars.parse(options.extraVars, currentDirectory: currentDirectory)) ?? [:]
        loader.templateStatic = Self.loadTimeTemplater(extraVars: extraVars)
        var loaded: [Playbook] = []
        let reservedExtraVars = ExtraVars.reservedVariables(options.extraVars, currentDirectory: currentDirectory)
        var warnedBeforePlays: Set<String> = []
        for path in playbooks {
            let file = absolute(path)
            guard FileManager.default.fileExists(atPath: file) else {
                return fail(message: "the playbook: \(path) could not be found", code: ExitCode.error)
            }
            do {
                loaded.append(try loader.load(path: file))
                if mode != .run {
                    Self.warnBeforePlays(of: loaded[loaded.count - 1], templated: false, extraVars: extraVars,
                                         reservedExtraVars: reservedExtraVars, inventory: inventory,
                                         warned: &warnedBeforePlays, warn: warn)
                }
            } catch let error as PlaybookError where !error.isParserError {
                // ansible-core raises these as plain errors (exit 1), not parser errors (exit 4).
                return fail(error, code: ExitCode.error)
            } catch {
                return fail(error, code: ExitCode.parserError)
            }
        }
        switch mode {
        case .syntaxCheck:
            for path in playbooks { callback.plain("\nplaybook: \(path)") }
            return ExitCode.ok
        case .list(let tasks, let tags, let hosts):
            for playbook in loaded {
                Self.warnBeforePlays(of: playbook, templated: true, extraVars: extraVars, reservedExtraVars: [],
                                     inventory: inventory, warned: &warnedBeforePlays, warn: warn)
            }
            return list(loaded.map { Self.templatedForListing($0, extraVars: extraVars) }, inventory: inventory, config: config, loader: loader, tasks: tasks, tags: tags, hosts: hosts)
        case .run:
            return await execute(loaded, config: config, options: options, inventory: inventory, loader: loader)
        }
    }

    /// `options`: the command line's, with the become password asked for.
    private func execute(_ loaded: [Playbook], config: AnsibleConfig, options: RunOptions, inventory: Inventory, loader: PlaybookLoader) async -> Int32 {
        do {
            let settings = try options.settings(config: config, currentDirectory: currentDirectory)
            let profile = options.profile || config.profileCallbackEnabled ? ProfileCallback(wrapping: callback) : nil
            let runner = try PlaybookRunner(
                config: config, inventory: inventory, settings: settings, loader: loader, callback: profile ?? callback)
            var status = ExitCode.ok
            for playbook in loaded {
                status = await runner.run(playbook)
                if status != ExitCode.ok { break }
            }
            if let profile, status != ExitCode.interrupted {
                profile.report(traffic: runner.traffic)
            }
            return status
        } catch {
            return fail(error, code: ExitCode.badOptions)
        }
    }

    /// `ansible PATTERN -m MODULE -a ARGS`: the hosts checked as ansible does (no host: a
    /// warning and exit 0, unless `--limit` left none), then a one-task play run like any other.
    private func runAdHoc(_ task: AdHocTask, config: AnsibleConfig, options: RunOptions, inventory: Inventory,
                          warn: @escaping @Sendable (String) -> Void) async -> Int32 {
        if inventory.hostNames.isEmpty && config.localhostWarning {
            warn("provided hosts list is empty, only localhost is available. Note that the implicit localhost does not match 'all'")
        }
        for word in inventory.unmatchedWords(in: options.limit.last ?? "") + inventory.unmatchedWords(in: task.pattern) {
            warn("Could not match supplied host pattern, ignoring: \(word)")
        }
        let hosts = (try? inventory.hosts(matching: task.pattern, limit: options.limit.last)) ?? []
        // An empty inventory only had its warning; otherwise no host is an error with --limit.
        if hosts.isEmpty && !inventory.hostNames.isEmpty {
            if options.limit.last != nil {
                return fail(message: "Specified inventory, host pattern and/or --limit leaves us with no hosts to target.", code: ExitCode.error)
            }
            warn("No hosts matched, nothing to do")
        }
        if AdHocTask.argumentsRequired.contains(TaskAction.shortName(task.module)), (task.arguments ?? "").isEmpty {
            return fail(message: "No argument passed to \(task.module) module", code: AdHocTask.optionsError)
        }
        if hosts.isEmpty { return ExitCode.ok }
        let actions = ModuleRegistry()
        let library = moduleLibrary(config: config, options: options)
        let adHocCallback = callback as? AdHocCallback
        guard ContentActions(builtin: actions, library: library, warn: warn).traits(ofModule: task.module) != nil else {
            adHocCallback?.unresolvedModule(hosts: hosts)
            return ExitCode.hostFailed
        }
        var loader = PlaybookLoader(
            rolesPath: config.rolesPath, actions: actions, duplicateKeys: config.duplicateDictKey, onWarning: warn)
        loader.library = library
        let playbook: Playbook
        do {
            let path = currentDirectory + "/" + AdHocTask.fileName
            playbook = try loader.load(node: try task.playbookNode(path: path), path: path)
        } catch {
            return fail(error, code: AdHocTask.optionsError)
        }
        if let loadedTask = playbook.allTasks.first { adHocCallback?.describe(arguments: loadedTask.args) }
        return await execute([playbook], config: config, options: options, inventory: inventory, loader: loader)
    }

    /// ansible-playbook's look at the inventory before the playbooks: a warning when it has no
    /// hosts, one for each `--limit` word that matches nothing, and an error (exit 1) when the
    /// limit leaves no host of a non-empty inventory. Nil: go on.
    private func checkHostList(_ inventory: Inventory, config: AnsibleConfig, warn: (String) -> Void) -> Int32? {
        guard !inventory.hostNames.isEmpty else {
            if config.localhostWarning {
                warn("provided hosts list is empty, only localhost is available. Note that the implicit localhost does not match 'all'")
            }
            return nil
        }
        guard let limit = options.limit.last else { return nil }
        for word in inventory.unmatchedWords(in: limit) { warn("Could not match supplied host pattern, ignoring: \(word)") }
        guard (try? inventory.hosts(matching: "all", limit: limit))?.isEmpty == true else { return nil }
        return fail(message: "Specified inventory, host pattern and/or --limit leaves us with no hosts to target.", code: ExitCode.error)
    }

    /// `--list-tasks` / `--list-tags` (ansible-core's text) and `--list-hosts`.
    private func list(
        _ playbooks: [Playbook], inventory: Inventory, config: AnsibleConfig, loader: PlaybookLoader,
        tasks: Bool, tags: Bool, hosts: Bool
    ) -> Int32 {
        let selection = TaskListing.selection(tags: options.tags, skipTags: options.skipTags, listTags: tags)
        for (index, playbook) in playbooks.enumerated() {
            if tasks || tags {
                let text = TaskListing.render(
                    playbook, shownPath: self.playbooks[index], listTasks: tasks, listTags: tags,
                    selected: { selection.shouldRun($0) })
                callback.plain(String(text.dropLast()))
            }
            if hosts {
                var text = "\nplaybook: \(self.playbooks[index])\n"
                for (number, play) in playbook.plays.enumerated() {
                    let playTags = play.keywords.tags
                    text += "\n  play #\(number + 1) (\(play.hostPatterns.joined(separator: ","))): \(play.displayName)\tTAGS: [\(playTags.joined(separator: ","))]\n"
                    let pattern = play.hostPatterns.joined(separator: ":")
                    let matched = (try? inventory.hosts(matching: pattern, limit: options.limit.last)) ?? []
                    text += "    pattern: [\(play.hostPatterns.map { Value.pythonStringRepr($0) }.joined(separator: ", "))]\n"
                    text += "    hosts (\(matched.count)):\n"
                    for host in matched { text += "      \(host)\n" }
                }
                callback.plain(String(text.dropLast()))
            }
        }
        return ExitCode.ok
    }

    private func absolute(_ path: String) -> String {
        if path.hasPrefix("/") || path.contains(",") && !FileManager.default.fileExists(atPath: path) { return path }
        return currentDirectory + "/" + path
    }

    private func fail(_ error: any Error, code: Int32) -> Int32 {
        fail(message: ErrorReport.text(error), code: code)
    }

    private func fail(message: String, code: Int32) -> Int32 {
        callback.error(message)
        return code
    }
}

extension PlaybookCLI {
    /// Where the content's own modules are: `-M` paths, then the configured `library`,
    /// `action_plugins` and `module_utils` directories (the loader adds `library/` beside
    /// playbooks and in roles), and the configured collections path (the loader adds
    /// `collections/` beside playbooks).
    func moduleLibrary(config: AnsibleConfig, options: RunOptions) -> ModuleLibrary {
        ModuleLibrary(modulePath: options.modulePath.map(absolute) + config.modulePath,
                      actionPluginPath: config.actionPluginPath, moduleUtilsPath: config.moduleUtilsPath,
                      collectionsPath: config.collectionsPath, ansiblePython: options.ansiblePython ?? environment["SWANSIBLE_ANSIBLE_PYTHON"],
                      interpreterPython: config.interpreterPython)
    }
}
