namespace Enrichment.Core.Citations;

/// <summary>
/// A style that cannot be used. The message names the style and the places it may come from, never anything
/// about the server's files or network (HTTP callers see it); the operator's own loads keep the cause as
/// <see cref="Exception.InnerException"/>.
/// </summary>
public sealed class UnknownStyleException : Exception
{
    public UnknownStyleException()
        : this("", "Unknown style.")
    {
    }

    public UnknownStyleException(string style)
        : this(style, $"Unknown style '{style}'.")
    {
    }

    public UnknownStyleException(string style, string message, Exception? innerException = null)
        : base(message, innerException)
    {
        Style = style;
    }

    public string Style { get; }
}
