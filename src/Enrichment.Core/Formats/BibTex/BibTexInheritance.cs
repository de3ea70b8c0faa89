using System.Globalization;

namespace Enrichment.Core.Formats.BibTex;

/// <summary>An entry as the scanner read it, held until its <c>crossref</c> and <c>xdata</c> parents are known.</summary>
internal sealed record BibTexEntry(string Type, string? Key, RawField[] Fields, int Line, int Column, ParseDiagnostic[] Warnings)
{
    /// <summary>The keys of its <c>xdata</c> field (a comma-separated list), in order.</summary>
    public string[] XData { get; } = Keys(Fields, "xdata", list: true);

    /// <summary>The key of its <c>crossref</c> field, or null.</summary>
    public string? CrossRef { get; } = Keys(Fields, "crossref", list: false) is [var key] ? key : null;

    public bool IsChild => XData.Length > 0 || CrossRef is not null;

    /// <summary>What holding it costs, in characters (a field counts 16 besides its text).</summary>
    public long Size { get; } = Measure(Fields);

    public static long Measure(IEnumerable<RawField> fields)
    {
        long size = 0;
        foreach (var field in fields)
        {
            size += field.Name.Length + field.Value.Length + 16;
        }

        return size;
    }

    private static string[] Keys(RawField[] fields, string name, bool list)
    {
        foreach (var field in fields)
        {
            if (field.Name == name)
            {
                var value = field.Value.Trim();
                return value.Length == 0 ? []
                    : list ? value.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries)
                    : [value];
            }
        }

        return [];
    }
}

/// <summary>
/// Resolves biber's inheritance while the file streams: <c>crossref</c> (the parent's fields the child lacks,
/// under the names <see cref="BibTexInheritanceRules"/> gives them) and <c>xdata</c> (fields copied as they
/// are; nested, and resolved before <c>crossref</c>, as biber does). A parent may come before or after its
/// child. Records leave in file order: from a child whose parents are not all read yet, entries are held
/// until they are, or until the file ends (a parent missing then is a warning on the child), or until more
/// than <see cref="BibTexReader.MaxHeldText"/> characters are held (the oldest is then resolved with what is
/// known, and says so). Every entry's fields are kept as a possible parent up to the same amount, and past it
/// only entries a held child asks for, up to twice that. Chains stop at
/// <see cref="BibTexReader.MaxInheritanceDepth"/>; a cycle stops where it closes. Parents stay records of their own.
/// </summary>
internal sealed class BibTexInheritance(BibTexMapper mapper)
{
    private readonly Dictionary<string, BibTexEntry> _entries = new(StringComparer.OrdinalIgnoreCase);
    private readonly HashSet<string> _wanted = new(StringComparer.OrdinalIgnoreCase);
    private readonly Dictionary<string, Resolution> _resolved = new(StringComparer.OrdinalIgnoreCase);
    private readonly HashSet<string> _inProgress = new(StringComparer.OrdinalIgnoreCase);
    private readonly Dictionary<string, Resolution> _resolvedForThisEntry = new(StringComparer.OrdinalIgnoreCase);
    private readonly Queue<(BibTexEntry? Entry, ParsedRecord? Record)> _held = new();
    private string? _headWaitsFor;
    private long _keptSize;
    private long _heldSize;
    private bool _finished;

    private int _visits;

    /// <summary>
    /// Fields with what they inherit. <c>Complete</c>: every parent was read. <c>PathFree</c>: no cycle or depth
    /// limit cut it short, so it is the same whichever child asked; with both it is remembered.
    /// </summary>
    private sealed record Resolution(List<RawField> Fields, List<string> Problems, bool Complete, bool PathFree);

    /// <summary>
    /// Takes one entry the scanner read. Returns its record when it can leave at once (nothing is held and it
    /// inherits nothing); otherwise null, and <see cref="TryRelease"/> hands out records as they become ready.
    /// </summary>
    public ParsedRecord? Add(string type, string? key, List<RawField> fields, int line, int column, List<ParseDiagnostic> warnings)
    {
        BibTexEntry? entry = null;
        var mayKeep = key is not null && !_entries.ContainsKey(key)
            && (_keptSize < BibTexReader.MaxHeldText || (_wanted.Contains(key) && _keptSize < 2L * BibTexReader.MaxHeldText));
        if (mayKeep || _held.Count > 0 || HasParentField(fields))
        {
            entry = new BibTexEntry(type, key, [.. fields], line, column, [.. warnings]);
        }

        if (mayKeep)
        {
            _entries[key!] = entry!;
            _keptSize += entry!.Size;
            Want(entry);
        }

        if (entry is null || (_held.Count == 0 && !entry.IsChild))
        {
            return mapper.Map(type, key, fields, line, column, warnings);
        }

        _held.Enqueue((entry, null));
        _heldSize += entry.Size;
        Want(entry);
        return null;
    }

    /// <summary>Takes a record that needs no resolving (an entry that failed): it leaves at once unless entries before it are held.</summary>
    public ParsedRecord? Add(ParsedRecord record)
    {
        if (_held.Count == 0)
        {
            return record;
        }

        _held.Enqueue((null, record));
        return null;
    }

    /// <summary>The file has ended: every held entry can now be resolved with what was read.</summary>
    public void Finish() => _finished = true;

    /// <summary>The oldest held record, when it is ready to leave.</summary>
    public bool TryRelease(out ParsedRecord? record)
    {
        record = null;
        if (!_held.TryPeek(out var head))
        {
            return false;
        }

        if (head.Entry is { } entry)
        {
            if (!_finished && _heldSize <= BibTexReader.MaxHeldText
                && ((_headWaitsFor is not null && !_entries.ContainsKey(_headWaitsFor)) || !Settled(entry, out _headWaitsFor)))
            {
                // Until the parent it waits for is read, asking again costs one look-up, not a walk of its parents.
                return false;
            }

            _headWaitsFor = null;

            _heldSize -= entry.Size;
            try
            {
                record = Map(entry);
            }
            catch (Exception exception) when (exception is not OperationCanceledException)
            {
                // As in the scanner: whatever goes wrong turning this entry into a record is this entry's error.
                record = ParsedRecord.Failed(ReaderErrors.Unexpected(exception), entry.Line, entry.Column, entry.Key);
            }
        }
        else
        {
            record = head.Record;
        }

        _held.Dequeue();
        return true;
    }

    private static bool HasParentField(List<RawField> fields)
    {
        foreach (var field in fields)
        {
            if (field.Name is "crossref" or "xdata")
            {
                return true;
            }
        }

        return false;
    }

    private void Want(BibTexEntry entry)
    {
        foreach (var key in entry.XData)
        {
            if (!_entries.ContainsKey(key))
            {
                _wanted.Add(key);
            }
        }

        if (entry.CrossRef is { } parent && !_entries.ContainsKey(parent))
        {
            _wanted.Add(parent);
        }
    }

    /// <summary>True when every parent the entry reaches (to the depth limit) has been read; else the first one missing.</summary>
    private bool Settled(BibTexEntry entry, out string? missing)
    {
        missing = null;
        var visited = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        var stack = new Stack<(BibTexEntry Entry, int Depth)>();
        stack.Push((entry, 0));
        while (stack.TryPop(out var next))
        {
            if (next.Depth >= BibTexReader.MaxInheritanceDepth)
            {
                continue;
            }

            foreach (var key in next.Entry.CrossRef is { } crossRef ? next.Entry.XData.Append(crossRef) : next.Entry.XData)
            {
                if (!_entries.TryGetValue(key, out var parent))
                {
                    missing = key;
                    return false;
                }

                if (visited.Add(key))
                {
                    stack.Push((parent, next.Depth + 1));
                }
            }
        }

        return true;
    }

    private ParsedRecord Map(BibTexEntry entry)
    {
        var warnings = new List<ParseDiagnostic>(entry.Warnings);
        List<RawField> fields;
        if (entry.IsChild)
        {
            _visits = 0;
            _resolvedForThisEntry.Clear();
            var resolution = Resolve(entry);
            fields = resolution.Fields;
            foreach (var problem in resolution.Problems)
            {
                warnings.Add(new ParseDiagnostic(DiagnosticSeverity.Warning, problem, entry.Line, entry.Column, entry.Key));
            }
        }
        else
        {
            fields = [.. entry.Fields];
        }

        return mapper.Map(entry.Type, entry.Key, fields, entry.Line, entry.Column, warnings);
    }

    /// <summary>
    /// The entry's fields with what it inherits. Recursion over parents is bounded: each level adds an entry
    /// to <c>_inProgress</c>, which stops at <see cref="BibTexReader.MaxInheritanceDepth"/>; a parent resolved
    /// once completely is remembered, so shared ancestors are not walked again (one cut short, for the rest of
    /// the entry being resolved).
    /// </summary>
    private Resolution Resolve(BibTexEntry entry)
    {
        var fields = new List<RawField>(entry.Fields);
        var problems = new List<string>();
        var complete = true;
        var pathFree = true;
        var owner = entry.Key ?? "this entry";
        if (entry.Key is not null)
        {
            _inProgress.Add(entry.Key);
        }

        try
        {
            foreach (var key in entry.XData)
            {
                if (Parent(key, "xdata", owner, problems, ref complete, ref pathFree) is { } data)
                {
                    BibTexInheritanceRules.Copy(data.Resolution.Fields, fields);
                }
            }

            if (entry.CrossRef is { } crossRef && Parent(crossRef, "crossref", owner, problems, ref complete, ref pathFree) is { } parent)
            {
                BibTexInheritanceRules.Inherit(parent.Entry.Type, parent.Resolution.Fields, entry.Type, fields);
            }
        }
        finally
        {
            if (entry.Key is not null)
            {
                _inProgress.Remove(entry.Key);
            }
        }

        if (fields.Count > BibTexReader.MaxFieldsPerEntry)
        {
            fields.RemoveRange(BibTexReader.MaxFieldsPerEntry, fields.Count - BibTexReader.MaxFieldsPerEntry);
            problems.Add(string.Create(CultureInfo.InvariantCulture,
                $"With what '{owner}' inherits it has more than {BibTexReader.MaxFieldsPerEntry} fields (BibTexReader.MaxFieldsPerEntry); the rest are not inherited"));
        }

        return new Resolution(fields, problems, complete, pathFree);
    }

    private (BibTexEntry Entry, Resolution Resolution)? Parent(
        string key, string how, string owner, List<string> problems, ref bool complete, ref bool pathFree)
    {
        if (++_visits > BibTexReader.MaxParentsPerEntry)
        {
            pathFree = false;
            if (_visits == BibTexReader.MaxParentsPerEntry + 1)
            {
                problems.Add(string.Create(CultureInfo.InvariantCulture,
                    $"Inheriting reaches more than {BibTexReader.MaxParentsPerEntry} parents (BibTexReader.MaxParentsPerEntry); the rest are not read"));
            }

            return null;
        }

        if (!_entries.TryGetValue(key, out var parent))
        {
            complete = false;
            problems.Add(_finished
                ? $"The {how} '{key}' of '{owner}' is not in the file; nothing is inherited from it"
                : string.Create(CultureInfo.InvariantCulture,
                    $"The {how} '{key}' of '{owner}' was not read within {BibTexReader.MaxHeldText} characters held after it (BibTexReader.MaxHeldText); nothing is inherited from it"));
            return null;
        }

        if (_inProgress.Contains(parent.Key!))
        {
            pathFree = false;
            problems.Add($"The {how} '{key}' of '{owner}' leads back to '{owner}' (a cycle); inheritance stops there");
            return null;
        }

        if (_resolved.TryGetValue(parent.Key!, out var known) || _resolvedForThisEntry.TryGetValue(parent.Key!, out known))
        {
            pathFree &= known.PathFree;
            complete &= known.Complete;
            AddDistinct(problems, known.Problems);
            return (parent, known);
        }

        if (_inProgress.Count >= BibTexReader.MaxInheritanceDepth)
        {
            pathFree = false;
            problems.Add(string.Create(CultureInfo.InvariantCulture,
                $"The {how} '{key}' of '{owner}' lies deeper than {BibTexReader.MaxInheritanceDepth} parents (BibTexReader.MaxInheritanceDepth); nothing is inherited from it"));
            return null;
        }

        var resolution = parent.IsChild ? Resolve(parent) : new Resolution([.. parent.Fields], [], true, true);
        if (resolution.PathFree && (resolution.Complete || _finished))
        {
            _resolved[parent.Key!] = resolution;
        }
        else
        {
            // Cut short by a cycle or a limit: the same for the rest of this entry's walk, so a parent listed
            // on many paths (xdata lists that fan out) is still walked once.
            _resolvedForThisEntry[parent.Key!] = resolution;
        }

        complete &= resolution.Complete;
        pathFree &= resolution.PathFree;
        AddDistinct(problems, resolution.Problems);
        return (parent, resolution);
    }

    /// <summary>A parent's problems reach its child once, however many paths lead there (else they double at each level of a fan-out).</summary>
    private static void AddDistinct(List<string> problems, List<string> more)
    {
        foreach (var problem in more)
        {
            if (!problems.Contains(problem))
            {
                problems.Add(problem);
            }
        }
    }
}
