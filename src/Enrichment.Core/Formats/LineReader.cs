using System.Text;

namespace Enrichment.Core.Formats;

/// <summary>One line of a text file: its text (at most the reader's limit) and whether more was cut off.</summary>
internal readonly record struct BoundedLine(string Text, bool TooLong);

/// <summary>
/// Reads lines as <see cref="TextReader.ReadLineAsync()"/> does (<c>\n</c>, <c>\r\n</c> or <c>\r</c> ends one),
/// but never holds more than <paramref name="maxLength"/> characters of a line: the rest of an over-long line is
/// read past and dropped, and the line says so. A 20 MB line costs 20 MB of reading, not of memory.
/// </summary>
internal sealed class LineReader(TextReader reader, int maxLength)
{
    private readonly char[] _buffer = new char[1 << 14];
    private readonly StringBuilder _line = new(256);
    private int _position;
    private int _length;
    private bool _eof;
    private bool _skipLineFeed;

    public async ValueTask<BoundedLine?> ReadLineAsync(CancellationToken cancellationToken)
    {
        _line.Clear();
        var tooLong = false;
        var any = false;
        while (true)
        {
            if (_position == _length)
            {
                if (_eof || !await FillAsync(cancellationToken).ConfigureAwait(false))
                {
                    return any ? new BoundedLine(_line.ToString(), tooLong) : null;
                }
            }

            if (_skipLineFeed)
            {
                _skipLineFeed = false;
                if (_buffer[_position] == '\n')
                {
                    _position++;
                    continue;
                }
            }

            any = true;
            var span = _buffer.AsSpan(_position, _length - _position);
            var end = span.IndexOfAny('\r', '\n');
            var text = end < 0 ? span : span[..end];
            var room = maxLength - _line.Length;
            if (text.Length > room)
            {
                tooLong = true;
                _line.Append(text[..room]);
            }
            else
            {
                _line.Append(text);
            }

            _position += text.Length;
            if (end >= 0)
            {
                _skipLineFeed = _buffer[_position] == '\r';
                _position++;
                return new BoundedLine(_line.ToString(), tooLong);
            }
        }
    }

    private async ValueTask<bool> FillAsync(CancellationToken cancellationToken)
    {
        _position = 0;
        _length = await reader.ReadAsync(_buffer.AsMemory(), cancellationToken).ConfigureAwait(false);
        _eof = _length == 0;
        return !_eof;
    }
}
