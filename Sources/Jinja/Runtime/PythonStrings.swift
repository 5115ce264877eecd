import Foundation

/// Python's str operations whose edge cases differ from Foundation's.
package enum PythonStrings {
    static func isPythonSpace(_ c: Character) -> Bool { c.isWhitespace }

    /// `str.split(sep, maxsplit)` / `rsplit`: no separator splits on whitespace runs and drops empties.
    package static func split(_ s: String, separator: String?, maxSplit: Int, fromRight: Bool) -> [String] {
        if let sep = separator, !sep.isEmpty {
            var parts = s.components(separatedBy: sep)
            // `parts.count - 1 > maxSplit`: no `maxSplit + 1`, which overflows for Int.max
            // (found by swansible-fuzz jinja, seed 34)
            if maxSplit >= 0, parts.count - 1 > maxSplit {
                if fromRight {
                    let head = parts[0..<(parts.count - maxSplit)].joined(separator: sep)
                    parts = [head] + parts[(parts.count - maxSplit)...]
                } else {
                    let tail = parts[maxSplit...].joined(separator: sep)
                    parts = Array(parts[0..<maxSplit]) + [tail]
                }
            }
            return parts
        }
        var words: [String] = []
        var chars = Array(fromRight ? Array(s.reversed()) : Array(s))
        var i = 0
        while i < chars.count {
            while i < chars.count, isPythonSpace(chars[i]) { i += 1 }
            if i >= chars.count { break }
            if maxSplit >= 0, words.count == maxSplit {
                var rest = Array(chars[i...])
                while let last = rest.last, isPythonSpace(last) { rest.removeLast() }
                words.append(String(fromRight ? rest.reversed() : rest))
                break
            }
            let start = i
            while i < chars.count, !isPythonSpace(chars[i]) { i += 1 }
            let word = chars[start..<i]
            words.append(String(fromRight ? Array(word.reversed()) : Array(word)))
        }
        chars = []
        return fromRight ? words.reversed() : words
    }

    package static func strip(_ s: String, chars: String?, leading: Bool, trailing: Bool) -> String {
        let test: (Character) -> Bool = chars.map { set in { set.contains($0) } } ?? { isPythonSpace($0) }
        var sub = Substring(s)
        if leading { sub = sub.drop(while: test) }
        if trailing { while let last = sub.last, test(last) { sub = sub.dropLast() } }
        return String(sub)
    }

    static func replace(_ s: String, _ old: String, _ new: String, count: Int) -> String {
        if old.isEmpty {
            // Python inserts `new` between every character (and at both ends)
            var out = new
            var n = 1
            for c in s {
                out.append(c)
                if count < 0 || n < count { out += new; n += 1 }
            }
            return out
        }
        // Python compares code points: a UTF-8 byte search finds exactly those matches (and is
        // much faster than Foundation's search, which compares canonically equivalent forms).
        // Native strings are searched in place; a text without a match is returned as it is.
        let needle = Array(old.utf8)
        if let replaced = s.utf8.withContiguousStorageIfAvailable({ replaceBytes($0, needle, new, count: count) }) {
            return replaced ?? s
        }
        return Array(s.utf8).withUnsafeBufferPointer { replaceBytes($0, needle, new, count: count) } ?? s
    }

    /// `replace` over UTF-8 bytes; nil when `needle` (not empty) does not occur.
    private static func replaceBytes(_ hay: UnsafeBufferPointer<UInt8>, _ needle: [UInt8], _ new: String, count: Int) -> String? {
        guard hay.count >= needle.count else { return nil }
        var out: [UInt8] = []
        var i = 0, copied = 0, done = 0
        let first = needle[0], last = hay.count - needle.count
        while i <= last, count < 0 || done < count {
            if hay[i] == first && hay[i..<(i + needle.count)].elementsEqual(needle) {
                if out.isEmpty { out.reserveCapacity(hay.count + new.utf8.count) }
                out += hay[copied..<i]
                out += new.utf8
                i += needle.count
                copied = i
                done += 1
            } else {
                i += 1
            }
        }
        if done == 0 { return nil }
        out += hay[copied...]
        return String(decoding: out, as: UTF8.self)
    }

    static func capitalize(_ s: String) -> String {
        guard let f = s.first else { return s }
        return f.uppercased() + s.dropFirst().lowercased()
    }

    /// Python's `str.title()`: a letter after a non-letter is upper-cased, others lower-cased.
    static func title(_ s: String) -> String {
        var out = ""
        var previousIsLetter = false
        for c in s {
            if let a = c.asciiValue {
                // ASCII fast path (Unicode property lookups dominate otherwise)
                let isLetter = (a | 0x20) >= 0x61 && (a | 0x20) <= 0x7a
                if isLetter {
                    out.unicodeScalars.append(Unicode.Scalar(previousIsLetter ? a | 0x20 : a & ~0x20))
                } else {
                    out.unicodeScalars.append(Unicode.Scalar(a))
                }
                previousIsLetter = isLetter
            } else if c.isLetter {
                out += previousIsLetter ? c.lowercased() : c.uppercased()
                previousIsLetter = true
            } else {
                out.append(c)
                previousIsLetter = false
            }
        }
        return out
    }
}

/// Python's `sorted()` over template values.
enum Sorting {
    static func sorted(_ items: [Value], reverse: Bool, caseSensitive: Bool, key: ((Value) throws -> Value)? = nil) throws -> [Value] {
        let keyed = try items.map { item -> (Value, Value) in
            var k = try key?(item) ?? item
            if !caseSensitive, let s = k.stringValue { k = .string(s.lowercased()) }
            return (k, item)
        }
        var failure: Error?
        var pairs = keyed
        // Swift's sort is stable; comparing b < a for reverse keeps equal elements in their
        // original order, as Python's reverse=True does.
        pairs.sort { a, b in
            if failure != nil { return false }
            do { return try reverse ? PythonOperators.lessThan(b.0, a.0) : PythonOperators.lessThan(a.0, b.0) } catch { failure = error; return false }
        }
        if let failure { throw failure }
        return pairs.map { $0.1 }
    }
}
