using System.Collections.Immutable;
using Enrichment.Core.Records;

namespace Enrichment.Core.Formats;

public enum DiagnosticSeverity
{
    Warning,
    Error,
}

/// <summary>Something a reader noticed, with where it was in the source (1-based line and column).</summary>
public sealed record ParseDiagnostic(DiagnosticSeverity Severity, string Message, int Line, int Column, string? Key = null)
{
    public override string ToString() => $"{Severity} at {Line}:{Column}{(Key is null ? "" : $" ({Key})")}: {Message}";
}

/// <summary>
/// One entry of a source file: a record, or an error that says why there is none. A broken entry is a
/// result, not an exception, so the rest of the file goes on.
/// </summary>
public sealed record ParsedRecord
{
    /// <summary>The record, or null when the entry could not be read (see <see cref="Error"/>).</summary>
    public Reference? Reference { get; init; }

    /// <summary>Where the entry starts in the source (1-based).</summary>
    public required int Line { get; init; }

    public int Column { get; init; } = 1;

    /// <summary>The citation key or source id, where known.</summary>
    public string? Key { get; init; }

    public ImmutableArray<ParseDiagnostic> Diagnostics { get; init; } = [];

    public bool IsError => Reference is null;

    public string? Error => Diagnostics.FirstOrDefault(d => d.Severity == DiagnosticSeverity.Error)?.Message;

    public static ParsedRecord Ok(Reference reference, int line, int column = 1, params ParseDiagnostic[] warnings) =>
        new() { Reference = reference, Line = line, Column = column, Key = reference.Id, Diagnostics = [.. warnings] };

    public static ParsedRecord Failed(string message, int line, int column = 1, string? key = null) =>
        new()
        {
            Line = line,
            Column = column,
            Key = key,
            Diagnostics = [new ParseDiagnostic(DiagnosticSeverity.Error, message, line, column, key)],
        };
}

/// <summary>A streaming reader of one source format.</summary>
public interface IReferenceReader
{
    /// <summary>Reads entries one by one; never loads the whole stream. Throws only when the stream itself fails.</summary>
    IAsyncEnumerable<ParsedRecord> ReadAsync(Stream stream, CancellationToken cancellationToken = default);
}

/// <summary>Writes records in one format.</summary>
public interface IReferenceWriter
{
    Task WriteAsync(IAsyncEnumerable<Reference> references, TextWriter writer, CancellationToken cancellationToken = default);
}
