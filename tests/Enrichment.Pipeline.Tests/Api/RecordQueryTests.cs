using Enrichment.Pipeline.Api;

namespace Enrichment.Pipeline.Tests.Api;

public sealed class RecordQueryTests
{
    [Theory]
    [InlineData("x' or PartitionKey ne '", "Type eq 'x'' or PartitionKey ne '''")]
    [InlineData("book", "Type eq 'book'")]
    public void User_input_reaches_the_filter_quoted_and_escaped(string type, string expected)
    {
        var filter = new RecordQuery(Type: type).ToFilter("u0123456789abcdef0123");

        filter.ShouldStartWith("PartitionKey eq 'u0123456789abcdef0123' and ");
        filter.ShouldEndWith(expected);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(1001)]
    public void Page_sizes_outside_the_limits_are_refused(int top)
    {
        new RecordQuery(PageSize: top).Validate()!.StatusCode.ShouldBe(400);
    }

    [Fact]
    public void An_unknown_status_is_refused_with_the_list_of_statuses()
    {
        var problem = new RecordQuery(Status: "done").Validate();

        problem!.StatusCode.ShouldBe(400);
        problem.Body.ShouldContain("not-found");
    }

    [Fact]
    public void A_DOI_filter_is_normalised_like_the_stored_column()
    {
        new RecordQuery(Doi: "https://doi.org/10.1000/ABC").ToFilter("u0123456789abcdef0123").ShouldEndWith("Doi eq '10.1000/abc'");
    }
}
