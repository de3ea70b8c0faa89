using System.Runtime.CompilerServices;
using Enrichment.Core.Formats.DoiList;
using Enrichment.Core.Records;

namespace Enrichment.Core.Formats.ReferenceList;

/// <summary>
/// Reads a pasted reference list: references as text, without fields, numbered (<c>1.</c>, <c>[1]</c>,
/// <c>1)</c>, <c>(1)</c>) or not, one per line or separated by blank lines, wrapped over several lines or not.
/// Every reference becomes a record holding the text in <see cref="Reference.ReferenceStringKey"/>; one that holds
/// a DOI is that DOI's record (the DOI wins over any search), so a mixed file of DOIs and references reads line by
/// line. Ids are <c>ref-{n}</c>, n the reference's own number when numbered, else its position.
/// </summary>
/// <remarks>
/// Where one reference ends: a numbering marker starts one, and in a numbered list every unnumbered line
/// continues the one before. A blank line ends one. Unnumbered, a line continues the one before when the split is
/// clear (<see cref="ReferenceLines.Continues"/>), up to <see cref="ReaderLimits.MaxLinesPerReference"/> lines; and
/// where blank lines separate the references (a short block with a blank line before or after it), a piece of a
/// block with neither a year nor a DOI is a fragment of its neighbour (a reference cut before or after its year).
/// Where the lines were wrapped at a width (pasted from a PDF's column: most lines about as long as the longest,
/// <see cref="ReferenceLines.WrapWidth"/>), a full line is continued by the next unless that one is numbered, or
/// starts as a reference does ("Family, G.", a quoted title) after a piece that already has its year. A reference longer than <see cref="ReaderLimits.MaxReferenceLength"/> or holding invalid UTF-8 is an
/// error record; headings ("References") and <c>#</c> comment lines are skipped.
/// </remarks>
public sealed class ReferenceListReader(ReaderLimits? limits = null) : IReferenceReader
{
    private readonly ReaderLimits _limits = limits ?? ReaderLimits.Default;

    public async IAsyncEnumerable<ParsedRecord> ReadAsync(Stream stream, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(stream);
        var (content, encoding) = await SourceEncoding.ReadHeadAsync(stream, cancellationToken).ConfigureAwait(false);
        using var reader = ReaderText.Open(content, encoding);
        var lines = new LineReader(reader, _limits.MaxReferenceLength);
        var blocks = new Blocks(_limits);
        var number = 0;
        while (await lines.ReadLineAsync(cancellationToken).ConfigureAwait(false) is { } line)
        {
            number++;
            var text = line.Text.Trim();
            string? problem = line.TooLong
                ? $"Line is longer than {_limits.MaxReferenceLength} characters (ReaderLimits.MaxReferenceLength): not a reference"
                : ReaderText.HasInvalidBytes(text) ? $"Line holds {ReaderText.InvalidBytesMessage}" : null;
            var done = problem is not null ? blocks.Break(ParsedRecord.Failed(problem, number))
                : text.Length == 0 ? blocks.Blank()
                : blocks.IsBetween && (text.StartsWith('#') || ReferenceLines.IsHeading(text)) ? []
                : blocks.Add(text, number);
            foreach (var record in done)
            {
                yield return encoding.Mark(record);
            }
        }

        foreach (var record in blocks.End())
        {
            yield return encoding.Mark(record);
        }
    }

    /// <summary>
    /// Lines between blank lines. A block of at most <see cref="ReaderLimits.MaxLinesPerReference"/> lines is held
    /// until it is known whether blank lines separate the file's references (a block before or after it): then a
    /// piece of it without a year or DOI is a fragment of its neighbour. A longer block is a list of one reference a
    /// line, read as it comes, pieces split only where <see cref="ReferenceLines.Continues"/> says. Never holds more
    /// than one short block.
    /// </summary>
    private sealed class Blocks(ReaderLimits limits)
    {
        private readonly List<(string Text, int Line)> _held = [];
        private Pieces? _streaming;
        private bool _blankBefore;
        private bool _pendingBlank;
        private bool _anyBlock;
        private int _ordinal;

        /// <summary>Between references: where a heading or comment line is skipped.</summary>
        public bool IsBetween => (_held.Count == 0 || _pendingBlank) && _streaming is null;

        public List<ParsedRecord> Add(string text, int line)
        {
            var done = new List<ParsedRecord>();
            if (_pendingBlank)
            {
                // A blank line, then more: the held block was one of blank-separated references.
                _pendingBlank = false;
                done.AddRange(CloseBlock(blankSeparated: true));
                _blankBefore = _anyBlock;
            }

            if (_streaming is { } streaming)
            {
                done.AddRange(streaming.Add(text, line));
                return done;
            }

            _held.Add((text, line));
            if (_held.Count > limits.MaxLinesPerReference)
            {
                // A long block: one reference a line (wrapped ones joined), read as it comes.
                _streaming = new Pieces(limits, () => ++_ordinal, wrapWidth: ReferenceLines.WrapWidth(_held.Select(l => l.Text).ToList()));
                foreach (var (heldText, heldLine) in _held)
                {
                    done.AddRange(_streaming.Add(heldText, heldLine));
                }

                _held.Clear();
            }

            return done;
        }

        public List<ParsedRecord> Blank()
        {
            if (_streaming is not null)
            {
                var done = CloseBlock(blankSeparated: false);
                _blankBefore = true;
                return done;
            }

            _pendingBlank |= _held.Count > 0;
            return [];
        }

        /// <summary>A line that is no reference (too long, not text): it ends the block before it.</summary>
        public List<ParsedRecord> Break(ParsedRecord error)
        {
            var done = CloseBlock(blankSeparated: _blankBefore || _pendingBlank);
            _pendingBlank = false;
            done.Add(error);
            return done;
        }

        public List<ParsedRecord> End() => CloseBlock(blankSeparated: _blankBefore);

        private List<ParsedRecord> CloseBlock(bool blankSeparated)
        {
            if (_streaming is { } streaming)
            {
                _streaming = null;
                _anyBlock = true;
                return streaming.Flush();
            }

            if (_held.Count == 0)
            {
                return [];
            }

            _anyBlock = true;
            var pieces = new Pieces(limits, () => ++_ordinal, mergeFragments: blankSeparated,
                wrapWidth: blankSeparated ? null : ReferenceLines.WrapWidth(_held.Select(l => l.Text).ToList()));
            var done = new List<ParsedRecord>();
            foreach (var (text, line) in _held)
            {
                done.AddRange(pieces.Add(text, line));
            }

            _held.Clear();
            done.AddRange(pieces.Flush());
            return done;
        }
    }

    /// <summary>
    /// Splits lines into references: the one being read, and (when fragments are merged) the one before it, held
    /// back until it is known whether the next piece is a fragment to join to it.
    /// </summary>
    private sealed class Pieces(ReaderLimits limits, Func<int> nextOrdinal, bool mergeFragments = false, int? wrapWidth = null)
    {
        private Piece? _held;
        private Piece? _current;

        public List<ParsedRecord> Add(string text, int line)
        {
            var done = new List<ParsedRecord>();
            var numbered = ReferenceLines.TryMarker(text, out var label, out var rest);
            if (_current is { } current && !numbered && current.Lines < limits.MaxLinesPerReference
                && current.Text.Length + text.Length + 1 <= limits.MaxReferenceLength
                && (current.Numbered || ReferenceLines.Continues(current.Text, text)
                    || (wrapWidth is { } width && ReferenceLines.IsFull(current.LastLine, width)
                        && !(ReferenceLines.HasYear(current.Text) && ReferenceLines.LooksLikeStart(text)))))
            {
                _current = current with { Text = ReferenceLines.Join(current.Text, text), Lines = current.Lines + 1, LastLine = text };
                return done;
            }

            Close(done);
            _current = new Piece(numbered ? rest : text, line, 1, numbered, numbered ? label : "") { LastLine = text };
            return done;
        }

        public List<ParsedRecord> Flush()
        {
            var done = new List<ParsedRecord>();
            Close(done);
            if (_held is { } held)
            {
                done.Add(held.ToRecord(nextOrdinal()));
                _held = null;
            }

            return done;
        }

        /// <summary>Ends the current piece: a fragment joins the held one, else the held one is done.</summary>
        private void Close(List<ParsedRecord> done)
        {
            if (_current is not { } current)
            {
                return;
            }

            _current = null;
            if (!mergeFragments)
            {
                done.Add(current.ToRecord(nextOrdinal()));
                return;
            }

            if (_held is { } held && !current.Numbered && !held.Numbered
                && (current.IsFragment || held.IsFragment)
                && held.Lines + current.Lines <= limits.MaxLinesPerReference
                && held.Text.Length + current.Text.Length + 1 <= limits.MaxReferenceLength)
            {
                _held = held with { Text = held.Text + " " + current.Text, Lines = held.Lines + current.Lines };
                return;
            }

            if (_held is { } previous)
            {
                done.Add(previous.ToRecord(nextOrdinal()));
            }

            _held = current;
        }
    }

    private sealed record Piece(string Text, int Line, int Lines, bool Numbered, string Label)
    {
        /// <summary>The last source line of the piece, as it was (for the wrap-width test).</summary>
        public string LastLine { get; init; } = "";

        /// <summary>Neither a year nor a DOI: a piece of a reference cut over lines, not one of its own.</summary>
        public bool IsFragment => !ReferenceLines.HasYear(Text) && !DoiListReader.TryFindDoi(Text, out _, out _);

        public ParsedRecord ToRecord(int ordinal)
        {
            var id = "ref-" + (Label.Length > 0 ? Label : ordinal.ToString(System.Globalization.CultureInfo.InvariantCulture));
            try
            {
                var reference = DoiListReader.TryFindDoi(Text, out var doi, out _)
                    ? new Reference { Id = doi.Value, Type = "article" }.With("DOI", doi.Value)
                    : new Reference { Id = id, Type = "article" };
                return ParsedRecord.Ok(reference.WithCustom(Reference.ReferenceStringKey, Text), Line) with { Key = id };
            }
            catch (Exception exception) when (exception is not OperationCanceledException)
            {
                return ParsedRecord.Failed(ReaderErrors.Unexpected(exception), Line);
            }
        }
    }
}
