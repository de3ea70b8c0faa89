using Enrichment.Pipeline.Api;
using Enrichment.Pipeline.Storage;

namespace Enrichment.Pipeline.Tests.Api;

public sealed class RecordQueryTests
{
    [Theory]
    [InlineData("x' or PartitionKey ne '", "Type eq 'x'' or PartitionKey ne '''")]
    [InlineData("book", "Type eq 'book'")]
    public void User_input_reaches_the_filter_quoted_and_escaped(string type, string expected)
    {
        var filter = RecordFilter.ForUpload("u0123456789abcdef0123", type: type).Text;

        filter.ShouldStartWith("PartitionKey eq 'u0123456789abcdef0123' and ");
        filter.ShouldEndWith(expected);
    }

    [Fact]
    public void A_status_filter_uses_the_stored_spelling()
    {
        RecordFilter.ForUpload("u0123456789abcdef0123", status: RecordStatus.NotFound).Text.ShouldEndWith("Status eq 'not-found'");
    }

    [Theory]
    [InlineData("true", "Retracted eq true")]
    [InlineData("False", "Retracted eq false")]
    public async Task A_retracted_filter_reaches_the_Retracted_column(string value, string expected)
    {
        var request = new ApiRequest(new Dictionary<string, string?>(), [KeyValuePair.Create("retracted", (IReadOnlyList<string?>)[value])]);

        var (query, problem) = RecordListQuery.From(request);

        problem.ShouldBeNull();
        query!.ToFilter("u0123456789abcdef0123").Text.ShouldEndWith(expected);
        RecordFilter.ForDoi("10.1/x", query.Retracted).Text.ShouldBe($"Doi eq '10.1/x' and {expected}");
        await Task.CompletedTask;
    }

    public static TheoryData<string, string, string> RefusedQueries() => new()
    {
        { "top", "0", "Invalid top" },
        { "top", "1001", "Invalid top" },
        { "top", "-5", "Invalid top" },
        { "top", "ten", "Invalid top" },
        { "year", "abc", "Invalid year" },
        { "status", "bogus", "Invalid status" },
        { "retracted", "yes", "Invalid retracted" },
        { "retracted", "1", "Invalid retracted" },
        { "stauts", "enriched", "Unknown query parameter" },
    };

    [Theory]
    [MemberData(nameof(RefusedQueries))]
    public async Task A_bad_or_unknown_query_parameter_is_a_400_problem_naming_it(string name, string value, string title)
    {
        var request = new ApiRequest(new Dictionary<string, string?> { ["id"] = "u0123456789abcdef0123" }, [KeyValuePair.Create(name, (IReadOnlyList<string?>)[value])]);

        // Validation comes before any storage call: no services are needed to refuse.
        var result = await ApiRoutes.ListUploadRecords.HandleAsync(new EmptyServices(), request);

        result.StatusCode.ShouldBe(400);
        result.ContentType.ShouldStartWith("application/problem+json");
        result.Body.ShouldContain(title);
        if (title == "Unknown query parameter")
        {
            result.Body.ShouldContain(name);
        }
    }

    [Fact]
    public async Task A_parameter_given_twice_is_refused()
    {
        var request = new ApiRequest(new Dictionary<string, string?>(), [KeyValuePair.Create("doi", (IReadOnlyList<string?>)["10.1/a", "10.1/b"])]);

        (await ApiRoutes.FindRecords.HandleAsync(new EmptyServices(), request)).StatusCode.ShouldBe(400);
    }

    [Fact]
    public async Task The_function_key_parameter_is_accepted_on_every_route()
    {
        var request = new ApiRequest(new Dictionary<string, string?>(), [KeyValuePair.Create("code", (IReadOnlyList<string?>)["secret"])]);

        request.Validate(ApiRoutes.GetUpload.Query).ShouldBeNull();
        await Task.CompletedTask;
    }

    /// <summary>A service provider with nothing in it: a route that reaches a service throws.</summary>
    private sealed class EmptyServices : IServiceProvider
    {
        public object? GetService(Type serviceType) => null;
    }
}
