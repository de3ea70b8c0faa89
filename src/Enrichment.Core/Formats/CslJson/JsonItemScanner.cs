using System.Buffers;
using System.Runtime.CompilerServices;
using System.Text;

namespace Enrichment.Core.Formats.CslJson;

/// <summary>
/// One top-level value of a JSON document: an element of the top-level array, or the top-level object.
/// <see cref="Bytes"/> is only valid until the next item is requested.
/// </summary>
internal readonly record struct JsonItem(ReadOnlyMemory<byte> Bytes, int Index, int Line, int Column, string? Error);

/// <summary>
/// Splits a JSON stream into its top-level items without parsing them: it only follows strings and bracket
/// depth, so it holds one item at a time however large the array is, and a syntax error inside one item
/// does not stop the items after it (as long as its brackets balance).
/// </summary>
internal sealed class JsonItemScanner(Stream stream, int maxItemBytes = 1 << 22)
{
    private enum State
    {
        Start,
        BeforeElement,
        AfterComma,
        InElement,
        InObject,
        End,
    }

    private static readonly byte[] Utf8Bom = [0xEF, 0xBB, 0xBF];

    private static readonly SearchValues<byte> Structure = SearchValues.Create("\"{}[],"u8);

    private readonly ArrayBufferWriter<byte> _item = new(4096);
    private State _state = State.Start;
    private int _line = 1;
    private int _column;
    private int _depth;
    private bool _inString;
    private bool _escape;
    private int _index;
    private int _itemLine;
    private int _itemColumn;
    private long _offset;
    private int _segmentStart;
    private bool _stop;
    private bool _tooLong;

    public async IAsyncEnumerable<JsonItem> ReadAsync([EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        var buffer = ArrayPool<byte>.Shared.Rent(1 << 16);
        try
        {
            int read;
            while ((read = await stream.ReadAsync(buffer.AsMemory(), cancellationToken).ConfigureAwait(false)) > 0)
            {
                // Items found in this chunk are yielded one by one; each is copied out before the next is scanned.
                var position = 0;
                while (position < read)
                {
                    var item = Scan(buffer.AsSpan(0, read), ref position);
                    if (item is { } found)
                    {
                        yield return found;
                        _item.Clear();
                    }

                    if (_state == State.End && _stop)
                    {
                        yield break;
                    }
                }

                if (_state is State.InElement or State.InObject)
                {
                    Keep(buffer.AsSpan(_segmentStart, read - _segmentStart));
                }

                _segmentStart = 0;
            }

            foreach (var last in AtEnd())
            {
                yield return last;
            }
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    /// <summary>Scans from <paramref name="position"/> until an item ends (returned) or the chunk ends (null).</summary>
    private JsonItem? Scan(ReadOnlySpan<byte> chunk, ref int position)
    {
        while (position < chunk.Length)
        {
            if (_state is State.InElement or State.InObject)
            {
                if (ScanItem(chunk, ref position) is { } ended)
                {
                    return ended;
                }

                continue;
            }

            var b = chunk[position];
            var at = position;
            position++;

            // A UTF-8 byte order mark, which may come split across reads.
            if (_offset < 3 && _state == State.Start && b == Utf8Bom[(int)_offset++])
            {
                continue;
            }

            _offset = 3;
            if (b == (byte)'\n')
            {
                _line++;
                _column = 0;
            }
            else if ((b & 0xC0) != 0x80)
            {
                // Columns count characters, not the continuation bytes of UTF-8.
                _column++;
            }

            switch (_state)
            {
                case State.Start:
                    if (IsSpace(b))
                    {
                        continue;
                    }

                    if (b == (byte)'[')
                    {
                        _state = State.BeforeElement;
                        continue;
                    }

                    if (b == (byte)'{')
                    {
                        BeginItem(at, State.InObject);
                        _depth = 1;
                        continue;
                    }

                    _state = State.End;
                    _stop = true;
                    return new JsonItem(default, 0, _line, _column, $"$: expected a JSON array or object, found '{Describe(b)}'");

                case State.BeforeElement or State.AfterComma:
                    if (IsSpace(b))
                    {
                        continue;
                    }

                    if (b == (byte)']')
                    {
                        var trailing = _state == State.AfterComma;
                        _state = State.End;
                        if (trailing)
                        {
                            return new JsonItem(default, _index, _line, _column, $"$[{_index}]: a comma before ']' with no item after it");
                        }

                        continue;
                    }

                    if (b == (byte)',')
                    {
                        return new JsonItem(default, _index++, _line, _column, $"$[{_index - 1}]: an empty item (two commas in a row)");
                    }

                    BeginItem(at, State.InElement);
                    _depth = 0;
                    Track(b);
                    continue;

                case State.End:
                    if (IsSpace(b))
                    {
                        continue;
                    }

                    _stop = true;
                    return new JsonItem(default, _index, _line, _column, $"$: unexpected '{Describe(b)}' after the end of the top-level value");
            }
        }

        return null;
    }

    /// <summary>
    /// Inside an item only quotes, backslashes in strings, brackets and commas matter: jump from one to the
    /// next (vectorised). Lines and columns are brought up to date once, when the item or the chunk ends.
    /// </summary>
    private JsonItem? ScanItem(ReadOnlySpan<byte> chunk, ref int position)
    {
        var from = position;
        var item = ScanItemCore(chunk, ref position);
        Advance(chunk[from..position]);
        return item;
    }

    private JsonItem? ScanItemCore(ReadOnlySpan<byte> chunk, ref int position)
    {
        while (position < chunk.Length)
        {
            if (_escape)
            {
                _escape = false;
                position++;
                continue;
            }

            var rest = chunk[position..];
            var found = _inString ? rest.IndexOfAny((byte)'"', (byte)'\\') : rest.IndexOfAny(Structure);
            if (found < 0)
            {
                position = chunk.Length;
                return null;
            }

            var at = position + found;
            var b = chunk[at];
            position = at + 1;
            if (_inString)
            {
                _escape = b == (byte)'\\';
                _inString = _escape;
                continue;
            }

            switch (b)
            {
                case (byte)'"':
                    _inString = true;
                    break;
                case (byte)'{' or (byte)'[':
                    _depth++;
                    break;
                case (byte)',' or (byte)']' when _state == State.InElement && _depth == 0:
                    var item = EndItem(chunk, at);
                    _state = b == (byte)',' ? State.AfterComma : State.End;
                    return item;
                case (byte)'}' or (byte)']':
                    // A stray closer cannot make the depth negative, or the items after it would be swallowed.
                    _depth = Math.Max(0, _depth - 1);
                    if (_state == State.InObject && _depth == 0)
                    {
                        var whole = EndItem(chunk, at + 1);
                        _state = State.End;
                        return whole;
                    }

                    break;
            }
        }

        return null;
    }

    /// <summary>Moves the line and column past <paramref name="bytes"/>; columns count characters, not UTF-8 bytes.</summary>
    private void Advance(ReadOnlySpan<byte> bytes)
    {
        var lastNewline = bytes.LastIndexOf((byte)'\n');
        if (lastNewline >= 0)
        {
            _line += bytes.Count((byte)'\n');
            _column = 0;
            bytes = bytes[(lastNewline + 1)..];
        }

        _column += Ascii.IsValid(bytes) ? bytes.Length : CharCount(bytes);
    }

    private static int CharCount(ReadOnlySpan<byte> bytes)
    {
        var count = 0;
        foreach (var b in bytes)
        {
            if ((b & 0xC0) != 0x80)
            {
                count++;
            }
        }

        return count;
    }

    private void BeginItem(int at, State state)
    {
        _state = state;
        _segmentStart = at;
        _itemLine = _line;
        _itemColumn = _column;
        _inString = false;
        _escape = false;
        _tooLong = false;
        _item.Clear();
    }

    /// <summary>Keeps the item's bytes, up to <c>maxItemBytes</c>; past it the item is only scanned, and becomes an error.</summary>
    private void Keep(ReadOnlySpan<byte> bytes)
    {
        if (_tooLong)
        {
            return;
        }

        if (_item.WrittenCount + (long)bytes.Length > maxItemBytes)
        {
            _tooLong = true;
            _item.Clear();
            return;
        }

        _item.Write(bytes);
    }

    private string TooLong(int index) => $"{Path(index)}: the item is longer than {maxItemBytes} bytes (ReaderLimits.MaxEntryLength)";

    private JsonItem EndItem(ReadOnlySpan<byte> chunk, int end)
    {
        Keep(chunk[_segmentStart..end]);
        _segmentStart = end;
        var index = _state == State.InObject ? -1 : _index++;
        return _tooLong
            ? new JsonItem(default, index, _itemLine, _itemColumn, TooLong(index))
            : new JsonItem(_item.WrittenMemory, index, _itemLine, _itemColumn, null);
    }

    private void Track(byte b)
    {
        if (_inString)
        {
            if (_escape)
            {
                _escape = false;
            }
            else if (b == (byte)'\\')
            {
                _escape = true;
            }
            else if (b == (byte)'"')
            {
                _inString = false;
            }

            return;
        }

        switch (b)
        {
            case (byte)'"':
                _inString = true;
                break;
            case (byte)'{' or (byte)'[':
                _depth++;
                break;
            case (byte)'}' or (byte)']':
                // A stray closer cannot make the depth negative, or the items after it would be swallowed.
                _depth = Math.Max(0, _depth - 1);
                break;
        }
    }

    private IEnumerable<JsonItem> AtEnd()
    {
        switch (_state)
        {
            case State.InElement or State.InObject:
                // What there is of the last item is still handed over: the parser says what is wrong with it,
                // or reads it when only the closing bracket of the array is missing.
                var index = _state == State.InObject ? -1 : _index++;
                var complete = _depth == 0 && !_inString;
                yield return _tooLong
                    ? new JsonItem(default, index, _itemLine, _itemColumn, TooLong(index))
                    : new JsonItem(_item.WrittenMemory, index, _itemLine, _itemColumn,
                        complete ? null : $"{Path(index)}: the file ends inside this item{(_inString ? " (in a string)" : "")}");
                if (complete)
                {
                    yield return new JsonItem(default, _index, _line, _column + 1, "$: the file ends before the array is closed with ']'");
                }

                break;
            case State.BeforeElement or State.AfterComma:
                yield return new JsonItem(default, _index, _line, _column + 1, "$: the file ends before the array is closed with ']'");
                break;
        }
    }

    internal static string Path(int index) => index < 0 ? "$" : $"$[{index}]";

    private static bool IsSpace(byte b) => b is (byte)' ' or (byte)'\t' or (byte)'\r' or (byte)'\n';

    private static string Describe(byte b) => b is >= 0x20 and < 0x7F ? ((char)b).ToString() : $"0x{b:X2}";
}
