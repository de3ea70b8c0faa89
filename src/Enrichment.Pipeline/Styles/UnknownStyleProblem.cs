using Enrichment.Core.Citations;
using Enrichment.Pipeline.Api;

namespace Enrichment.Pipeline.Styles;

/// <summary>The one answer to a style a caller cannot use, whichever route asked: 400, one title, the exception's safe message.</summary>
internal static class UnknownStyleProblem
{
    public const string Title = "Unknown style";

    public static ApiResult From(UnknownStyleException exception) => ApiResult.Problem(400, Title, exception.Message);
}
