namespace Enrichment.Pipeline.Storage;

/// <summary>A record's status. <see cref="Parsed"/> is the only one that is not final.</summary>
public static class RecordStatus
{
    public const string Parsed = "parsed";
    public const string Enriched = "enriched";
    public const string NotFound = "not-found";
    public const string NoMatch = "no-match";
    public const string Invalid = "invalid";
    public const string Failed = "failed";

    public static IReadOnlyList<string> All { get; } = [Parsed, Enriched, NotFound, NoMatch, Invalid, Failed];
}

/// <summary>Which stage a record is waiting for, or <see cref="Done"/>.</summary>
public static class RecordStage
{
    public const string Enrich = "enrich";
    public const string Format = "format";
    public const string Done = "done";
}
