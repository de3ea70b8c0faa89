namespace Enrichment.Pipeline.Storage;

/// <summary>A record's status. <see cref="Parsed"/> is the only one that is not final.</summary>
public enum RecordStatus
{
    Parsed,
    Enriched,
    NotFound,
    NoMatch,
    Invalid,
    Failed,
}

/// <summary>Which stage a record is waiting for, or <see cref="Done"/>.</summary>
public enum RecordStage
{
    Enrich,
    Format,
    Done,
}

/// <summary>A step of the pipeline, as a record's error names where it happened and as logs and metrics name the work.</summary>
public enum PipelineStage
{
    Parse,
    Enrich,
    Format,
}

/// <summary>Where an upload is: being read, its records on their way, all of them finished, or failed as a whole.</summary>
public enum UploadStatus
{
    Parsing,
    Processing,
    Completed,
    Failed,
}

/// <summary>
/// The one spelling of each state outside the code: in table columns, in the API's JSON, in logs and metrics
/// (<c>not-found</c>, <c>no-match</c>). Converted here and nowhere else.
/// </summary>
public static class StateNames
{
    private static readonly string[] Statuses = ["parsed", "enriched", "not-found", "no-match", "invalid", "failed"];
    private static readonly string[] Stages = ["enrich", "format", "done"];
    private static readonly string[] Steps = ["parse", "enrich", "format"];
    private static readonly string[] UploadStatuses = ["parsing", "processing", "completed", "failed"];

    /// <summary>Every record status as stored, in declaration order.</summary>
    public static IReadOnlyList<string> AllStatuses => Statuses;

    public static string Name(this RecordStatus status) => Statuses[(int)status];

    public static string Name(this RecordStage stage) => Stages[(int)stage];

    public static string Name(this PipelineStage stage) => Steps[(int)stage];

    public static string Name(this UploadStatus status) => UploadStatuses[(int)status];

    public static bool TryParseStatus(string? name, out RecordStatus status) => TryParse(Statuses, name, out status);

    public static RecordStatus ParseStatus(string? name) => TryParseStatus(name, out var status) ? status : RecordStatus.Parsed;

    public static RecordStage ParseStage(string? name) => TryParse(Stages, name, out RecordStage stage) ? stage : RecordStage.Enrich;

    public static PipelineStage? ParseStep(string? name) => TryParse(Steps, name, out PipelineStage step) ? step : null;

    public static UploadStatus ParseUploadStatus(string? name) => TryParse(UploadStatuses, name, out UploadStatus status) ? status : UploadStatus.Parsing;

    private static bool TryParse<T>(string[] names, string? name, out T value)
        where T : struct, Enum
    {
        var index = name is null ? -1 : Array.IndexOf(names, name);
        value = index < 0 ? default : (T)Enum.ToObject(typeof(T), index);
        return index >= 0;
    }
}
