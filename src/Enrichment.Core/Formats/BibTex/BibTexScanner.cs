using System.Buffers;
using System.Globalization;
using System.Text;

namespace Enrichment.Core.Formats.BibTex;

internal enum ScanStatus
{
    Record,
    NeedMore,
    End,
}

/// <summary>
/// The BibTeX grammar over a window of a rented char buffer. An entry is parsed only once it lies whole in
/// the window: when it runs past the end, the scanner asks for more text and parses the entry again from its
/// <c>@</c> (entries are small, so re-parsing the one that straddles a refill costs little). Nothing persists
/// from a partial parse: macros, keys and line counts are committed only when an entry completes.
/// </summary>
internal sealed class BibTexScanner : IDisposable
{
    private const int InitialBufferLength = 1 << 16;

    private static readonly SearchValues<char> TokenStops = SearchValues.Create(" \t\r\n\f\v{}(),=\"#");
    private static readonly SearchValues<char> KeyStopsBrace = SearchValues.Create(" \t\r\n\f\v{},=\"#");
    private static readonly SearchValues<char> KeyStopsParen = SearchValues.Create(" \t\r\n\f\v{}(),=\"#");
    private static readonly SearchValues<char> BracedStops = SearchValues.Create("{}\n");
    private static readonly SearchValues<char> QuotedStops = SearchValues.Create("{}\"\n");
    private static readonly SearchValues<char> CollapsibleSpace = SearchValues.Create("\t\r\n\f\v");

    private readonly Dictionary<string, string> _macros = new(StringComparer.OrdinalIgnoreCase);
    private readonly Dictionary<string, string> _names = new(StringComparer.Ordinal);
    private readonly BibTexMapper _mapper = new();
    private readonly BibTexInheritance _inheritance;
    private readonly List<RawField> _fields = [];
    private readonly List<ParseDiagnostic> _warnings = [];
    private readonly List<(string Name, string Value)> _strings = [];
    private readonly StringBuilder _value = new(1024);

    private char[] _buffer = ArrayPool<char>.Shared.Rent(InitialBufferLength);
    private int _position;
    private int _end;
    private long _base;
    private bool _final;
    private int _line = 1;
    private long _lineStart;
    private bool _skipping;
    private bool _held;

    private string _errorMessage = "";
    private int _errorLine;
    private int _errorColumn;
    private string? _errorKey;
    private bool _errorSkips;

    public BibTexScanner()
    {
        _inheritance = new BibTexInheritance(_mapper);
        for (var m = 0; m < 12; m++)
        {
            _macros[BibTexSchema.MonthMacros[m]] = BibTexSchema.MonthNames[m];
        }
    }

    private enum Step
    {
        Ok,
        More,
        Fail,
        Junk,
    }

    private struct Cursor
    {
        public int At;
        public int Line;
        public long LineStart;
    }

    public void Dispose()
    {
        ArrayPool<char>.Shared.Return(_buffer);
        _buffer = [];
    }

    /// <summary>Reads more text into the window; false at the end of the text.</summary>
    /// <param name="reader">The text.</param>
    /// <param name="synchronous">
    /// True for streams whose ReadAsync would only run a blocking read on a pool thread (memory, a file opened
    /// without FileOptions.Asynchronous): reading them here saves a thread hop per buffer and loses nothing.
    /// </param>
    /// <param name="cancellationToken">Stops the read.</param>
    public ValueTask<bool> FillAsync(TextReader reader, bool synchronous, CancellationToken cancellationToken)
    {
        Compact();
        if (synchronous)
        {
            cancellationToken.ThrowIfCancellationRequested();
            return ValueTask.FromResult(Filled(reader.Read(_buffer.AsSpan(_end))));
        }

        return FillSlowAsync(reader, cancellationToken);
    }

    private async ValueTask<bool> FillSlowAsync(TextReader reader, CancellationToken cancellationToken) =>
        Filled(await reader.ReadAsync(_buffer.AsMemory(_end), cancellationToken).ConfigureAwait(false));

    private bool Filled(int read)
    {
        if (read == 0)
        {
            _final = true;
            return false;
        }

        _end += read;
        return true;
    }

    private void Compact()
    {
        if (_position > 0)
        {
            Array.Copy(_buffer, _position, _buffer, 0, _end - _position);
            _base += _position;
            _end -= _position;
            _position = 0;
        }

        if (_end == _buffer.Length)
        {
            var larger = ArrayPool<char>.Shared.Rent(Math.Min(_buffer.Length * 2, BibTexReader.MaxEntryLength));
            Array.Copy(_buffer, larger, _end);
            ArrayPool<char>.Shared.Return(_buffer);
            _buffer = larger;
        }
    }

    /// <summary>
    /// The next record in file order: entries pass through <see cref="BibTexInheritance"/>, which holds them
    /// from a child on until its parents are read (or the file ends).
    /// </summary>
    public ScanStatus Next(out ParsedRecord? record)
    {
        if (_inheritance.TryRelease(out record))
        {
            return ScanStatus.Record;
        }

        while (true)
        {
            var status = NextEntry(out record);
            switch (status)
            {
                case ScanStatus.End:
                    _inheritance.Finish();
                    return _inheritance.TryRelease(out record) ? ScanStatus.Record : ScanStatus.End;
                case ScanStatus.Record:
                    record = record is null ? null : _inheritance.Add(record);
                    if (record is not null || _inheritance.TryRelease(out record))
                    {
                        return ScanStatus.Record;
                    }

                    continue;
                default:
                    return status;
            }
        }
    }

    /// <summary>
    /// The next entry: a failed one as its record, a read one through <see cref="BibTexInheritance.Add(string, string?, List{RawField}, int, int, List{ParseDiagnostic})"/>
    /// (<see cref="ScanStatus.Record"/> with a null record when it was held).
    /// </summary>
    private ScanStatus NextEntry(out ParsedRecord? record)
    {
        record = null;
        while (true)
        {
            if (_skipping)
            {
                if (!SkipToEntryHead())
                {
                    return _final ? ScanStatus.End : ScanStatus.NeedMore;
                }

                _skipping = false;
            }

            var rest = _buffer.AsSpan(_position, _end - _position);
            var at = rest.IndexOf('@');
            if (at < 0)
            {
                Advance(rest.Length);
                return _final ? ScanStatus.End : ScanStatus.NeedMore;
            }

            Advance(at);
            var cursor = new Cursor { At = _position, Line = _line, LineStart = _lineStart };
            Step step;
            try
            {
                step = ParseEntry(ref cursor, out record);
            }
            catch (Exception exception) when (exception is not OperationCanceledException)
            {
                // A fault in the grammar itself: this entry is an error, and reading goes on at the next one.
                record = ParsedRecord.Failed(ReaderErrors.Unexpected(exception), _line, Column(_lineStart, _position));
                Advance(1);
                _skipping = true;
                return ScanStatus.Record;
            }

            switch (step)
            {
                case Step.Ok:
                    Commit(cursor);
                    if (record is not null || _held)
                    {
                        _held = false;
                        return ScanStatus.Record;
                    }

                    continue;
                case Step.Junk:
                    Advance(1);
                    continue;
                case Step.More:
                    if (_position == 0 && _end == _buffer.Length && _buffer.Length >= BibTexReader.MaxEntryLength)
                    {
                        record = ParsedRecord.Failed(
                            $"Entry is longer than {BibTexReader.MaxEntryLength} characters (BibTexReader.MaxEntryLength)", _line, Column(_lineStart, _position));
                        Advance(1);
                        _skipping = true;
                        return ScanStatus.Record;
                    }

                    return ScanStatus.NeedMore;
                default:
                    record = ParsedRecord.Failed(_errorMessage, _errorLine, _errorColumn, _errorKey);
                    Commit(cursor);
                    _skipping = _errorSkips;
                    return ScanStatus.Record;
            }
        }
    }

    private void Commit(Cursor cursor)
    {
        _position = cursor.At;
        _line = cursor.Line;
        _lineStart = cursor.LineStart;
    }

    private void Advance(int count)
    {
        var skipped = _buffer.AsSpan(_position, count);
        var newlines = skipped.Count('\n');
        if (newlines > 0)
        {
            _line += newlines;
            _lineStart = _base + _position + skipped.LastIndexOf('\n') + 1;
        }

        _position += count;
    }

    private int Column(long lineStart, int at) => (int)(_base + at - lineStart) + 1;

    /// <summary>After an error: on to the next <c>@type{</c> or <c>@type(</c>.</summary>
    private bool SkipToEntryHead()
    {
        while (true)
        {
            var at = _buffer.AsSpan(_position, _end - _position).IndexOf('@');
            if (at < 0)
            {
                Advance(_end - _position);
                return false;
            }

            Advance(at);
            switch (LooksLikeEntryHead(_position))
            {
                case true:
                    return true;
                case null when !_final:
                    return false;
                default:
                    Advance(1);
                    break;
            }
        }
    }

    /// <summary>True when <c>@letters</c> then <c>{</c> or <c>(</c> starts at <paramref name="at"/>; null when the window ends first.</summary>
    private bool? LooksLikeEntryHead(int at)
    {
        var k = at + 1;
        while (k < _end && char.IsAsciiLetter(_buffer[k]))
        {
            k++;
        }

        if (k == at + 1 && k < _end)
        {
            return false;
        }

        while (k < _end && _buffer[k] is ' ' or '\t')
        {
            k++;
        }

        return k >= _end ? (_final ? false : null) : _buffer[k] is '{' or '(';
    }

    private Step Fail(string message, int line, int column, string? key, bool skip = true)
    {
        _errorMessage = message;
        _errorLine = line;
        _errorColumn = column;
        _errorKey = key;
        _errorSkips = skip;
        return Step.Fail;
    }

    private Step EndOfFile(ref Cursor cursor, int entryLine, int entryColumn, string? key)
    {
        if (!_final)
        {
            return Step.More;
        }

        cursor.At = _end;
        return Fail($"Unexpected end of file: the entry starting at {entryLine}:{entryColumn} is not closed", entryLine, entryColumn, key);
    }

    private bool SkipSpace(ref Cursor cursor)
    {
        var buffer = _buffer;
        var k = cursor.At;
        while (k < _end)
        {
            var c = buffer[k];
            if (c == '\n')
            {
                cursor.Line++;
                cursor.LineStart = _base + k + 1;
            }
            else if (c is not (' ' or '\t' or '\r' or '\f' or '\v'))
            {
                cursor.At = k;
                return true;
            }

            k++;
        }

        cursor.At = k;
        return false;
    }

    private string Intern(ReadOnlySpan<char> name)
    {
        if (name.Length > 64)
        {
            return name.ToString().ToLowerInvariant();
        }

        Span<char> lower = stackalloc char[64];
        var written = name.ToLowerInvariant(lower);
        var lookup = _names.GetAlternateLookup<ReadOnlySpan<char>>();
        if (!lookup.TryGetValue(lower[..written], out var interned))
        {
            interned = lower[..written].ToString();
            _names[interned] = interned;
        }

        return interned;
    }

    private Step ParseEntry(ref Cursor cursor, out ParsedRecord? record)
    {
        record = null;
        var entryLine = cursor.Line;
        var entryColumn = Column(cursor.LineStart, cursor.At);
        cursor.At++;
        var typeEnd = _buffer.AsSpan(cursor.At, _end - cursor.At).IndexOfAny(TokenStops);
        if (typeEnd < 0)
        {
            return _final ? Step.Junk : Step.More;
        }

        if (typeEnd == 0)
        {
            return Step.Junk;
        }

        var type = Intern(_buffer.AsSpan(cursor.At, typeEnd));
        cursor.At += typeEnd;
        if (!SkipSpace(ref cursor))
        {
            return _final ? Step.Junk : Step.More;
        }

        var open = _buffer[cursor.At];
        if (open is not ('{' or '('))
        {
            // "@" in running text (an e-mail address in a comment): not an entry.
            return Step.Junk;
        }

        var close = open == '{' ? '}' : ')';
        cursor.At++;
        _warnings.Clear();
        switch (type)
        {
            case "comment":
                return SkipComment(ref cursor, close);
            case "preamble":
                return ParsePreamble(ref cursor, close, entryLine, entryColumn);
            case "string":
                _strings.Clear();
                var defined = ParseFields(ref cursor, close, entryLine, entryColumn, null, isString: true);
                if (defined == Step.Ok)
                {
                    foreach (var (name, value) in _strings)
                    {
                        _macros[name] = value;
                    }
                }

                return defined;
        }

        if (!SkipSpace(ref cursor))
        {
            return EndOfFile(ref cursor, entryLine, entryColumn, null);
        }

        string? key = null;
        var keyStart = cursor;
        var keyEnd = _buffer.AsSpan(cursor.At, _end - cursor.At).IndexOfAny(close == '}' ? KeyStopsBrace : KeyStopsParen);
        if (keyEnd < 0)
        {
            return EndOfFile(ref cursor, entryLine, entryColumn, null);
        }

        var keySpan = _buffer.AsSpan(cursor.At, keyEnd);
        cursor.At += keyEnd;
        if (!SkipSpace(ref cursor))
        {
            return EndOfFile(ref cursor, entryLine, entryColumn, null);
        }

        var afterKey = _buffer[cursor.At];
        if (afterKey == ',')
        {
            key = keySpan.IsEmpty ? null : keySpan.ToString();
            cursor.At++;
        }
        else if (afterKey == '=' && !keySpan.IsEmpty)
        {
            // No key (the seed: "@article { author = ..."): the word was the first field's name.
            cursor = keyStart;
        }
        else if (afterKey == close)
        {
            key = keySpan.IsEmpty ? null : keySpan.ToString();
        }
        else
        {
            var shown = keySpan.IsEmpty ? "" : keySpan.ToString();
            return Fail($"Expected ',' after the key '{Shorten(shown)}', found '{afterKey}'", cursor.Line, Column(cursor.LineStart, cursor.At), null);
        }

        _fields.Clear();
        var fields = ParseFields(ref cursor, close, entryLine, entryColumn, key, isString: false);
        if (fields != Step.Ok)
        {
            return fields;
        }

        try
        {
            record = _inheritance.Add(type, key, _fields, entryLine, entryColumn, _warnings);
            _held = record is null;
        }
        catch (Exception exception) when (exception is not OperationCanceledException)
        {
            // Whatever goes wrong turning this entry into a record, it is this entry's error, not the file's.
            record = ParsedRecord.Failed(ReaderErrors.Unexpected(exception), entryLine, entryColumn, key);
        }

        return Step.Ok;
    }

    private Step ParseFields(ref Cursor cursor, char close, int entryLine, int entryColumn, string? key, bool isString)
    {
        while (true)
        {
            if (!SkipSpace(ref cursor))
            {
                return EndOfFile(ref cursor, entryLine, entryColumn, key);
            }

            var c = _buffer[cursor.At];
            if (c == close)
            {
                cursor.At++;
                return Step.Ok;
            }

            if (c == ',')
            {
                cursor.At++;
                continue;
            }

            if (c == '@' && LooksLikeEntryHead(cursor.At) is var head && head != false && IsFirstOnLine(cursor))
            {
                if (head is null)
                {
                    return Step.More;
                }

                return Fail($"Entry starting at {entryLine}:{entryColumn} is not closed before the next entry", entryLine, entryColumn, key, skip: false);
            }

            var nameEnd = _buffer.AsSpan(cursor.At, _end - cursor.At).IndexOfAny(TokenStops);
            if (nameEnd < 0)
            {
                return EndOfFile(ref cursor, entryLine, entryColumn, key);
            }

            if (nameEnd == 0)
            {
                return Fail($"Expected a field name, found '{c}'", cursor.Line, Column(cursor.LineStart, cursor.At), key);
            }

            var nameLine = cursor.Line;
            var nameColumn = Column(cursor.LineStart, cursor.At);
            var name = Intern(_buffer.AsSpan(cursor.At, nameEnd));
            cursor.At += nameEnd;
            if (!SkipSpace(ref cursor))
            {
                return EndOfFile(ref cursor, entryLine, entryColumn, key);
            }

            if (_buffer[cursor.At] != '=')
            {
                return Fail($"Expected '=' after '{Shorten(name)}', found '{_buffer[cursor.At]}'", nameLine, nameColumn, key);
            }

            cursor.At++;
            var step = ParseValue(ref cursor, name, entryLine, entryColumn, key, out var value);
            if (step != Step.Ok)
            {
                return step;
            }

            if (isString)
            {
                _strings.Add((name, value));
            }
            else
            {
                _fields.Add(new RawField(name, value));
            }

            if ((isString ? _strings.Count : _fields.Count) > BibTexReader.MaxFieldsPerEntry)
            {
                // Duplicate fields are looked for pairwise, so the count is held before that grows.
                return Fail($"Entry has more than {BibTexReader.MaxFieldsPerEntry} fields (BibTexReader.MaxFieldsPerEntry)", nameLine, nameColumn, key);
            }

            if (!SkipSpace(ref cursor))
            {
                return EndOfFile(ref cursor, entryLine, entryColumn, key);
            }

            c = _buffer[cursor.At];
            if (c == ',')
            {
                cursor.At++;
            }
            else if (c == '@' && IsFirstOnLine(cursor) && LooksLikeEntryHead(cursor.At) is var next && next != false)
            {
                return next is null
                    ? Step.More
                    : Fail($"Entry starting at {entryLine}:{entryColumn} is not closed before the next entry", entryLine, entryColumn, key, skip: false);
            }
            else if (c != close)
            {
                return Fail($"Expected ',' or '{close}' after the value of '{name}', found '{c}'", cursor.Line, Column(cursor.LineStart, cursor.At), key);
            }
        }
    }

    private bool IsFirstOnLine(Cursor cursor)
    {
        for (var k = cursor.At - 1; k >= 0 && _base + k >= cursor.LineStart; k--)
        {
            if (_buffer[k] is not (' ' or '\t' or '\r'))
            {
                return false;
            }
        }

        return true;
    }

    private Step ParsePreamble(ref Cursor cursor, char close, int entryLine, int entryColumn)
    {
        if (!SkipSpace(ref cursor))
        {
            return EndOfFile(ref cursor, entryLine, entryColumn, null);
        }

        if (_buffer[cursor.At] != close)
        {
            var step = ParseValue(ref cursor, "preamble", entryLine, entryColumn, null, out _);
            if (step != Step.Ok)
            {
                return step;
            }

            if (!SkipSpace(ref cursor))
            {
                return EndOfFile(ref cursor, entryLine, entryColumn, null);
            }

            if (_buffer[cursor.At] != close)
            {
                return Fail($"Expected '{close}' to close @preamble, found '{_buffer[cursor.At]}'", cursor.Line, Column(cursor.LineStart, cursor.At), null);
            }
        }

        cursor.At++;
        return Step.Ok;
    }

    private Step SkipComment(ref Cursor cursor, char close)
    {
        // @comment{...} with balanced braces; its text is ignored.
        var depth = 1;
        for (var k = cursor.At; k < _end; k++)
        {
            var c = _buffer[k];
            if (c == '\n')
            {
                cursor.Line++;
                cursor.LineStart = _base + k + 1;
            }
            else if (c == '{' && close == '}')
            {
                depth++;
            }
            else if (c == close && --depth == 0)
            {
                cursor.At = k + 1;
                return Step.Ok;
            }
        }

        cursor.At = _end;
        return _final ? Step.Ok : Step.More;
    }

    private Step ParseValue(ref Cursor cursor, string field, int entryLine, int entryColumn, string? key, out string value)
    {
        value = "";
        _value.Clear();
        while (true)
        {
            if (!SkipSpace(ref cursor))
            {
                return EndOfFile(ref cursor, entryLine, entryColumn, key);
            }

            var c = _buffer[cursor.At];
            if (c is '{' or '"')
            {
                var step = ScanDelimited(ref cursor, c, field, key, out var start, out var end);
                if (step != Step.Ok)
                {
                    return step;
                }

                AppendCollapsed(_buffer.AsSpan(start, end - start));
            }
            else
            {
                var tokenEnd = _buffer.AsSpan(cursor.At, _end - cursor.At).IndexOfAny(TokenStops);
                if (tokenEnd < 0)
                {
                    return EndOfFile(ref cursor, entryLine, entryColumn, key);
                }

                if (tokenEnd == 0)
                {
                    return Fail($"Expected a value for '{field}', found '{c}'", cursor.Line, Column(cursor.LineStart, cursor.At), key);
                }

                var token = _buffer.AsSpan(cursor.At, tokenEnd);
                if (char.IsAsciiDigit(token[0]))
                {
                    _value.Append(token);
                }
                else if (_macros.GetAlternateLookup<ReadOnlySpan<char>>().TryGetValue(token, out var expansion))
                {
                    _value.Append(expansion);
                }
                else
                {
                    // BibTeX warns and uses nothing; keeping the name loses nothing.
                    _warnings.Add(new ParseDiagnostic(
                        DiagnosticSeverity.Warning, $"Undefined macro '{token}' in '{field}'; kept as text", cursor.Line, Column(cursor.LineStart, cursor.At), key));
                    _value.Append(token);
                }

                cursor.At += tokenEnd;
            }

            if (_value.Length > BibTexReader.MaxValueLength)
            {
                return Fail($"The value of '{field}' is longer than {BibTexReader.MaxValueLength} characters (BibTexReader.MaxValueLength)", cursor.Line, Column(cursor.LineStart, cursor.At), key);
            }

            if (!SkipSpace(ref cursor))
            {
                return EndOfFile(ref cursor, entryLine, entryColumn, key);
            }

            if (_buffer[cursor.At] != '#')
            {
                break;
            }

            cursor.At++;
        }

        var from = 0;
        var to = _value.Length;
        while (from < to && _value[from] == ' ')
        {
            from++;
        }

        while (to > from && _value[to - 1] == ' ')
        {
            to--;
        }

        value = _value.ToString(from, to - from);
        return Step.Ok;
    }

    /// <summary>BibTeX reads any run of white space in a value as one space.</summary>
    private void AppendCollapsed(ReadOnlySpan<char> text)
    {
        if (text.IndexOfAny(CollapsibleSpace) < 0 && text.IndexOf("  ", StringComparison.Ordinal) < 0)
        {
            _value.Append(text);
            return;
        }

        var inSpace = _value.Length > 0 && _value[^1] == ' ';
        foreach (var c in text)
        {
            if (c is ' ' or '\t' or '\r' or '\n' or '\f' or '\v')
            {
                if (!inSpace)
                {
                    _value.Append(' ');
                    inSpace = true;
                }
            }
            else
            {
                _value.Append(c);
                inSpace = false;
            }
        }
    }

    private Step ScanDelimited(ref Cursor cursor, char open, string field, string? key, out int start, out int end)
    {
        var openLine = cursor.Line;
        var openColumn = Column(cursor.LineStart, cursor.At);
        var stops = open == '{' ? BracedStops : QuotedStops;
        var depth = open == '{' ? 1 : 0;
        start = cursor.At + 1;
        end = start;
        var k = start;
        while (true)
        {
            var found = _buffer.AsSpan(k, _end - k).IndexOfAny(stops);
            if (found < 0)
            {
                if (_end - start > BibTexReader.MaxValueLength)
                {
                    cursor.At = _end;
                    return Fail(TooLong(field), openLine, openColumn, key);
                }

                if (!_final)
                {
                    return Step.More;
                }

                cursor.At = _end;
                return Fail(Unclosed(open, field, openLine, openColumn, "the end of the file"), openLine, openColumn, key);
            }

            k += found;
            switch (_buffer[k])
            {
                case '{':
                    if (++depth > BibTexReader.MaxNestingDepth)
                    {
                        cursor.At = k;
                        return Fail(
                            $"Braces in '{field}' are nested deeper than {BibTexReader.MaxNestingDepth} (BibTexReader.MaxNestingDepth)",
                            cursor.Line, Column(cursor.LineStart, k), key);
                    }

                    break;
                case '}':
                    if (--depth == 0 && open == '{')
                    {
                        end = k;
                        cursor.At = k + 1;
                        return Step.Ok;
                    }

                    if (depth < 0)
                    {
                        cursor.At = k;
                        return Fail(Unclosed(open, field, openLine, openColumn, "a '}'"), openLine, openColumn, key);
                    }

                    break;
                case '"':
                    if (depth == 0)
                    {
                        end = k;
                        cursor.At = k + 1;
                        return Step.Ok;
                    }

                    break;
                default:
                    cursor.Line++;
                    cursor.LineStart = _base + k + 1;
                    var next = k + 1;
                    while (next < _end && _buffer[next] is ' ' or '\t' or '\r')
                    {
                        next++;
                    }

                    if (next < _end && _buffer[next] == '@')
                    {
                        switch (LooksLikeEntryHead(next))
                        {
                            case null:
                                return Step.More;
                            case true:
                                // A new entry begins inside this value: the brace was never closed.
                                cursor.At = next;
                                return Fail(Unclosed(open, field, openLine, openColumn, "the next entry"), openLine, openColumn, key, skip: false);
                        }
                    }
                    else if (next >= _end && !_final)
                    {
                        return Step.More;
                    }

                    break;
            }

            k++;
            if (k - start > BibTexReader.MaxValueLength)
            {
                cursor.At = k;
                return Fail(TooLong(field), openLine, openColumn, key);
            }
        }
    }

    private static string TooLong(string field) =>
        $"The value of '{field}' is longer than {BibTexReader.MaxValueLength} characters (BibTexReader.MaxValueLength)";

    private static string Unclosed(char open, string field, int line, int column, string where) =>
        open == '{'
            ? string.Create(CultureInfo.InvariantCulture, $"Unclosed brace: the value of '{field}' opened at {line}:{column} runs into {where}")
            : string.Create(CultureInfo.InvariantCulture, $"Unclosed quote: the value of '{field}' opened at {line}:{column} runs into {where}");

    private static string Shorten(string text) => text.Length > 40 ? text[..40] + "..." : text;
}
