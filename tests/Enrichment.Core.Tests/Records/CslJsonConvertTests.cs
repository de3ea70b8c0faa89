using Enrichment.Core.Formats.CslJson;
using Enrichment.Core.Records;

namespace Enrichment.Core.Tests.Records;

public sealed class CslJsonConvertTests
{
    [Fact]
    public void Serialize_then_deserialize_gives_an_equal_record()
    {
        var reference = new Reference { Id = "khalili2016", Type = "article-journal" }
            .With("title", "Conflict of Electronic Democracy")
            .With("DOI", "10.22054/tssq.2016.2451")
            .WithNames("author", [new PersonName { Family = "Khalili", Given = "Mohsen" }, PersonName.Others])
            .WithDate("issued", DateValue.FromParts(2016, 3))
            .WithCustom("title_fa", "کشاکشِ دولت الکترونیک");

        var json = CslJsonConvert.Serialize(reference);

        CslJsonConvert.Deserialize(json).ShouldBe(reference);
        json.ShouldContain("\"date-parts\":[[2016,3]]");
        json.ShouldContain("کشاکشِ");
    }

    [Theory]
    [InlineData("[]", "$: expected an object")]
    [InlineData("{\"type\":\"book\"}", "$.id: missing")]
    [InlineData("{\"id\":\"a\",\"author\":{}}", "$.author: expected an array")]
    [InlineData("{\"id\":\"a\",\"issued\":{\"date-parts\":[[\"x\"]]}}", "$.issued.date-parts[0][0]: expected a number")]
    public void Deserialize_names_the_path_of_a_wrong_shape(string json, string expected)
    {
        Should.Throw<FormatException>(() => CslJsonConvert.Deserialize(json)).Message.ShouldStartWith(expected);
    }
}
