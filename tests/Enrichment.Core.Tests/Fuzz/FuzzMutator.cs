using System.Text;

namespace Enrichment.Core.Tests.Fuzz;

/// <summary>
/// Deterministic mutations of a seed file (one <see cref="Random"/> per seed): bit flips, insertions of the
/// characters and tokens readers act on (<c>{</c>, <c>}</c>, <c>\</c>, <c>"</c>, <c>&lt;i&gt;</c>, 0xFF, NUL...),
/// runs of them deep enough to reach the nesting limits, truncations, deleted and duplicated spans.
/// </summary>
internal sealed class FuzzMutator(int seed)
{
    private static readonly byte[][] Tokens =
    [
        "{"u8.ToArray(), "}"u8.ToArray(), "\\"u8.ToArray(), "\""u8.ToArray(), "<i>"u8.ToArray(), "</i>"u8.ToArray(),
        [0xFF], [0x00], [0xC3], [0xE2, 0x82], "\n"u8.ToArray(), "\r"u8.ToArray(), ","u8.ToArray(), "@"u8.ToArray(),
        "["u8.ToArray(), "]"u8.ToArray(), ":"u8.ToArray(), "#"u8.ToArray(), "$"u8.ToArray(), "~"u8.ToArray(),
        "\\t\\text{}"u8.ToArray(), "\\'{"u8.ToArray(), "\\emph{"u8.ToArray(), "{\\em "u8.ToArray(), "@misc{"u8.ToArray(),
        "\nTY  - JOUR\n"u8.ToArray(), "\nER  - \n"u8.ToArray(), "\nAU  - "u8.ToArray(), "<span class=\"nocase\">"u8.ToArray(),
        "\\u0000"u8.ToArray(), "{\"id\": "u8.ToArray(), "\"author\": [{"u8.ToArray(), "10.1000/x"u8.ToArray(),
    ];

    private static readonly byte[][] Deep =
    [
        "{"u8.ToArray(), "["u8.ToArray(), "<i>"u8.ToArray(), "\\emph{"u8.ToArray(), "\\'{"u8.ToArray(), "{\\bf "u8.ToArray(),
        "[{\"a\":"u8.ToArray(), "\""u8.ToArray(), "\n"u8.ToArray(), "\nKW  - x"u8.ToArray(), "<b><sup>"u8.ToArray(),
    ];

    private readonly Random _random = new(seed);

    public int Seed => seed;

    public byte[] Mutate(byte[] source)
    {
        var bytes = new List<byte>(source);
        if (_random.Next(3) == 0)
        {
            Grow(bytes);
        }

        var count = 1 + _random.Next(6);
        for (var m = 0; m < count; m++)
        {
            MutateOnce(bytes);
        }

        return [.. bytes];
    }

    /// <summary>
    /// Repeats the file's entries until it is past the detector's 8 KB head, so the mutations after land where
    /// only the reader sees them (an invalid byte in the head refuses the whole file; past it, one entry fails).
    /// </summary>
    private static void Grow(List<byte> bytes)
    {
        var firstLine = bytes.IndexOf((byte)'\n') + 1;
        var json = bytes.Count > 0 && bytes[0] == (byte)'[';
        var end = json ? bytes.LastIndexOf((byte)'}') + 1 : bytes.Count;
        if (firstLine <= 0 || end <= firstLine)
        {
            return;
        }

        var entries = bytes.GetRange(firstLine, end - firstLine);
        entries.AddRange(json ? ",\n"u8.ToArray() : "\n"u8.ToArray());
        var copies = new List<byte>();
        while (copies.Count < 3 * 8192)
        {
            copies.AddRange(entries);
        }

        bytes.InsertRange(firstLine, copies);
    }

    private void MutateOnce(List<byte> bytes)
    {
        var at = bytes.Count == 0 ? 0 : _random.Next(bytes.Count + 1);
        switch (_random.Next(10))
        {
            case 0 when bytes.Count > 0:
                var flip = Math.Min(at, bytes.Count - 1);
                bytes[flip] ^= (byte)(1 << _random.Next(8));
                break;
            case 1 or 2 or 3:
                bytes.InsertRange(at, Tokens[_random.Next(Tokens.Length)]);
                break;
            case 4:
                // A run deep enough to pass the nesting limits (256 braces, 64 levels of markup or JSON).
                var token = Deep[_random.Next(Deep.Length)];
                var times = _random.Next(4) == 0 ? 2_000 + _random.Next(3_000) : 1 + _random.Next(300);
                var run = new byte[token.Length * times];
                for (var k = 0; k < times; k++)
                {
                    token.CopyTo(run, k * token.Length);
                }

                bytes.InsertRange(at, run);
                break;
            case 5 when bytes.Count > 0:
                bytes.RemoveRange(at, bytes.Count - at);
                break;
            case 6 when bytes.Count > 0:
                var length = Math.Min(bytes.Count - Math.Min(at, bytes.Count - 1), 1 + _random.Next(200));
                var from = Math.Min(at, bytes.Count - 1);
                bytes.RemoveRange(from, Math.Min(length, bytes.Count - from));
                break;
            case 7 or 8 when bytes.Count > 0:
                var start = _random.Next(bytes.Count);
                var span = bytes.GetRange(start, Math.Min(bytes.Count - start, 1 + _random.Next(400)));
                var copies = 1 + _random.Next(_random.Next(4) == 0 ? 50 : 3);
                for (var k = 0; k < copies; k++)
                {
                    bytes.InsertRange(at, span);
                }

                break;
            default:
                bytes.InsertRange(at, Encoding.UTF8.GetBytes(((char)_random.Next(0x20, 0x3000)).ToString()));
                break;
        }
    }
}
