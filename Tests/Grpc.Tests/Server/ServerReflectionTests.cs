using Google.Protobuf;
using Google.Protobuf.Reflection;
using Microsoft.Extensions.DependencyInjection;
using OrleansChat.Grpc.Reflection.V1;
using OrleansChat.Grpc.Server;
using OrleansChat.Grpc.Tests.Infrastructure;

namespace OrleansChat.Grpc.Tests.Server;

public sealed class ServerReflectionTests : IAsyncLifetime
{
    private const string V1Path = "/grpc.reflection.v1.ServerReflection/ServerReflectionInfo";
    private const string V1AlphaPath = "/grpc.reflection.v1alpha.ServerReflection/ServerReflectionInfo";

    private TestGrpcServer _server = null!;
    private RawGrpcClient _client = null!;

    public async Task InitializeAsync()
    {
        _server = await TestGrpcServer.StartAsync(services => services
            .AddGrpcReflection()
            .AddGrpcHealthChecks()
            .AddGrpcService(TestServices.Echo()));
        _client = _server.CreateClient();
    }

    public async Task DisposeAsync()
    {
        _client.Dispose();
        await _server.DisposeAsync();
    }

    [Fact]
    public async Task ListServices_V1_DescribedServicesOnly()
    {
        var response = Assert.Single(await AskAsync(V1Path, new ServerReflectionRequest { Host = "h", ListServices = "*" }));

        Assert.Equal("h", response.ValidHost);
        Assert.Equal("*", response.OriginalRequest.ListServices);
        Assert.Equal(
            ["grpc.health.v1.Health", "grpc.reflection.v1.ServerReflection", "grpc.reflection.v1alpha.ServerReflection"],
            response.ListServicesResponse.Service.Select(s => s.Name).Order());
    }

    [Fact]
    public async Task ListServices_V1Alpha_SameAnswerInV1AlphaMessages()
    {
        var call = _client.StartStreaming(V1AlphaPath);
        await call.SendAsync(new Reflection.V1Alpha.ServerReflectionRequest { ListServices = "" }.ToByteArray());
        await call.CompleteRequestAsync();
        var response = Reflection.V1Alpha.ServerReflectionResponse.Parser.ParseFrom(await call.ReadMessageAsync());
        Assert.Equal(StatusCode.OK, (await call.ReadStatusAsync()).Code);
        await call.DisposeAsync();

        Assert.Contains(response.ListServicesResponse.Service, s => s.Name == "grpc.health.v1.Health");
    }

    [Theory]
    [InlineData("grpc.health.v1.Health")]
    [InlineData("grpc.health.v1.Health.Watch")]
    [InlineData("grpc.health.v1.HealthCheckResponse")]
    [InlineData("grpc.health.v1.HealthCheckResponse.ServingStatus")]
    public async Task FileContainingSymbol_HealthSymbol_HealthProto(string symbol)
    {
        var response = Assert.Single(await AskAsync(V1Path, new ServerReflectionRequest { FileContainingSymbol = symbol }));

        var file = FileDescriptorProto.Parser.ParseFrom(response.FileDescriptorResponse.FileDescriptorProto[0]);
        Assert.Equal("grpc/health/v1/health.proto", file.Name);
        Assert.Equal("grpc.health.v1", file.Package);
    }

    [Fact]
    public async Task FileContainingSymbol_Unknown_ErrorResponseNotFound()
    {
        var response = Assert.Single(await AskAsync(V1Path, new ServerReflectionRequest { FileContainingSymbol = "test.Echo" }));

        Assert.Equal(ServerReflectionResponse.MessageResponseOneofCase.ErrorResponse, response.MessageResponseCase);
        Assert.Equal((int)StatusCode.NotFound, response.ErrorResponse.ErrorCode);
    }

    [Fact]
    public async Task SeveralRequestsOnOneStream_AnsweredInOrder()
    {
        var responses = await AskAsync(
            V1Path,
            new ServerReflectionRequest { FileByFilename = "grpc/reflection/v1/reflection.proto" },
            new ServerReflectionRequest { FileByFilename = "missing.proto" },
            new ServerReflectionRequest { AllExtensionNumbersOfType = "grpc.health.v1.HealthCheckRequest" });

        Assert.Equal(3, responses.Count);
        Assert.Equal(
            "grpc/reflection/v1/reflection.proto",
            FileDescriptorProto.Parser.ParseFrom(responses[0].FileDescriptorResponse.FileDescriptorProto[0]).Name);
        Assert.Equal((int)StatusCode.NotFound, responses[1].ErrorResponse.ErrorCode);
        Assert.Equal("grpc.health.v1.HealthCheckRequest", responses[2].AllExtensionNumbersResponse.BaseTypeName);
        Assert.Empty(responses[2].AllExtensionNumbersResponse.ExtensionNumber);
    }

    private async Task<List<ServerReflectionResponse>> AskAsync(string path, params ServerReflectionRequest[] requests)
    {
        await using var call = _client.StartStreaming(path);
        var responses = new List<ServerReflectionResponse>();
        foreach (var request in requests)
        {
            await call.SendAsync(request.ToByteArray());
            responses.Add(ServerReflectionResponse.Parser.ParseFrom(await call.ReadMessageAsync().WaitAsync(TestTimeouts.Default)));
        }

        await call.CompleteRequestAsync();
        Assert.Equal(StatusCode.OK, (await call.ReadStatusAsync()).Code);
        return responses;
    }
}
