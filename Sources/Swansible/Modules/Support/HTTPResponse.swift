import Foundation

/// What the `uri` script printed, read back into ansible's result fields.
struct HTTPResponse {
    var report: ScriptReport
    var headerText = ""
    var body = ""
    var elapsed = 0

    init(_ output: String) {
        // Found with Foundation's UTF-16 search: headers end in CRLF, which Swift treats as
        // one Character, so a Character-based split would miss the markers after them.
        let text = output as NSString
        let headersMarker = text.range(of: FactScript.sectionMarker + "headers\n")
        let bodyMarker = text.range(of: FactScript.sectionMarker + "body\n")
        let reportEnd = headersMarker.location == NSNotFound ? text.length : headersMarker.location
        report = ScriptReport(text.substring(to: reportEnd))
        if headersMarker.location != NSNotFound, bodyMarker.location != NSNotFound, bodyMarker.location >= NSMaxRange(headersMarker) {
            headerText = text.substring(with: NSRange(location: NSMaxRange(headersMarker), length: bodyMarker.location - NSMaxRange(headersMarker)))
        }
        if bodyMarker.location != NSNotFound { body = text.substring(from: NSMaxRange(bodyMarker)) }
    }

    var status: Int {
        guard report["curl_rc"] == "0", let s = report.int("status"), s != 0 else { return -1 }
        return s
    }

    var curlError: String? {
        guard report["curl_rc"] != "0" else { return nil }
        return (report["curl_error"] ?? "").trimmingCharacters(in: .whitespaces)
    }

    /// The reason phrase of the final status line (`Not Found`).
    var reason: String {
        let lines = headerText.split(whereSeparator: { $0 == "\n" || $0 == "\r\n" }).filter { $0.hasPrefix("HTTP/") }
        guard let last = lines.last else { return "" }
        return last.split(separator: " ", maxSplits: 2).dropFirst(2).first.map { String($0).trimmingCharacters(in: .whitespacesAndNewlines) } ?? ""
    }

    /// Headers of the final response, as ansible names them (lowercase, `-` → `_`).
    var headers: ValueDict {
        var blocks: [[Substring]] = [[]]
        for line in headerText.split(omittingEmptySubsequences: false, whereSeparator: { $0 == "\n" || $0 == "\r\n" }) {
            let trimmed = line.trimmingCharacters(in: .whitespaces)
            if trimmed.hasPrefix("HTTP/") { blocks.append([]) } else if !trimmed.isEmpty { blocks[blocks.count - 1].append(line) }
        }
        var d = ValueDict()
        for line in blocks.last ?? [] {
            guard let colon = line.firstIndex(of: ":") else { continue }
            let name = line[..<colon].lowercased().replacingOccurrences(of: "-", with: "_")
            d[name] = .string(line[line.index(after: colon)...].trimmingCharacters(in: .whitespacesAndNewlines))
        }
        return d
    }

    func fields(url: String, returnContent: Bool) -> ValueDict {
        var f = ValueDict()
        let headers = self.headers
        for (k, v) in headers { f[k] = v }
        if returnContent { f["content"] = .string(body) }
        f["cookies"] = [:]
        f["cookies_string"] = ""
        f["elapsed"] = .int(elapsed)
        let contentType = headers["content_type"]?.stringValue ?? ""
        if contentType.contains("json"), let parsed = try? Value(jsonText: body) { f["json"] = parsed }
        let length = headers["content_length"]?.stringValue ?? "unknown"
        f["msg"] = .string(status == -1 ? "Request failed: \(curlError ?? "")" : "OK (\(length) bytes)")
        f["redirected"] = .bool((report.int("redirects") ?? 0) > 0)
        f["status"] = .int(status)
        f["url"] = .string(report["url"].flatMap { $0.isEmpty ? nil : $0 } ?? url)
        return f
    }
}
