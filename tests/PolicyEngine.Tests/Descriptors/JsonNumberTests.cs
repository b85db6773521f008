using PolicyEngine.Descriptors;
using PolicyEngine.Schema;

namespace PolicyEngine.Tests.Descriptors;

public class JsonNumberTests
{
    [Theory]
    [InlineData("470000000000000000000", 4.7e20)]
    [InlineData("9223372036854775808", 9223372036854775808d)]
    [InlineData("123456789012345678901234567890", 1.2345678901234568e29)]
    [InlineData("-99999999999999999999", -1e20)]
    [InlineData("9.4e+23", 9.4e23)]
    [InlineData("1000000000", 1e9)]
    public void Integers_beyond_64_bits_read_as_the_nearest_double(string literal, double expected)
    {
        var json = "{\"descriptor_version\": \"0.1\", \"model\": {\"training\": {\"compute_flop\": " + literal + "}}}";
        var loaded = DescriptorLoader.Load(json, "big.json");
        loaded.Diagnostics.ShouldBeEmpty(string.Join("\n", loaded.Diagnostics));
        var field = DescriptorSchema.Default.Root.Find("model.training.compute_flop")!;
        loaded.Descriptor!.Root.Numbers[field.Slot].ShouldBe(expected);
    }
}
