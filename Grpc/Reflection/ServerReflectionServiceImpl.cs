using Google.Protobuf;
using Google.Protobuf.Reflection;
using OrleansChat.Grpc.Reflection.V1;

namespace OrleansChat.Grpc.Reflection;

/// <summary>
/// Server reflection (grpc/grpc doc/server-reflection.md), served as <c>grpc.reflection.v1.ServerReflection</c> and
/// <c>grpc.reflection.v1alpha.ServerReflection</c>. The two versions' messages are identical on the wire, so both
/// run on the v1 types. It describes every registered service that has a protobuf descriptor.
/// </summary>
internal sealed class ServerReflectionServiceImpl
{
    public const string V1ServiceName = "grpc.reflection.v1.ServerReflection";
    public const string V1AlphaServiceName = "grpc.reflection.v1alpha.ServerReflection";
    private const string MethodName = "ServerReflectionInfo";

    private static readonly Marshaller<ServerReflectionRequest> RequestMarshaller = Marshallers.ForProtobuf(ServerReflectionRequest.Parser);
    private static readonly Marshaller<ServerReflectionResponse> ResponseMarshaller = Marshallers.ForProtobuf(ServerReflectionResponse.Parser);

    private readonly Lazy<ReflectionIndex> _index;

    /// <param name="services">The server's services, read at the first request (the registry that holds them also
    /// holds this service, so it cannot be read while the services are being built).</param>
    public ServerReflectionServiceImpl(Func<IReadOnlyList<ServerServiceDefinition>> services)
    {
        _index = new Lazy<ReflectionIndex>(() => new ReflectionIndex(services()));
        V1Definition = CreateDefinition(V1ServiceName, ReflectionReflection.Descriptor.Services[0]);
        V1AlphaDefinition = CreateDefinition(V1AlphaServiceName, V1Alpha.ReflectionReflection.Descriptor.Services[0]);
    }

    public ServerServiceDefinition V1Definition { get; }

    public ServerServiceDefinition V1AlphaDefinition { get; }

    private ServerServiceDefinition CreateDefinition(string serviceName, ServiceDescriptor descriptor)
        => ServerServiceDefinition.CreateBuilder(serviceName, descriptor)
            .AddMethod(
                new Method<ServerReflectionRequest, ServerReflectionResponse>(MethodType.DuplexStreaming, serviceName, MethodName, RequestMarshaller, ResponseMarshaller),
                ServerReflectionInfo)
            .Build();

    private async Task ServerReflectionInfo(
        IAsyncStreamReader<ServerReflectionRequest> requestStream,
        IServerStreamWriter<ServerReflectionResponse> responseStream,
        ServerCallContext context)
    {
        while (await requestStream.MoveNext(context.CancellationToken).ConfigureAwait(false))
        {
            await responseStream.WriteAsync(Answer(requestStream.Current), context.CancellationToken).ConfigureAwait(false);
        }
    }

    internal ServerReflectionResponse Answer(ServerReflectionRequest request)
    {
        var index = _index.Value;
        var response = new ServerReflectionResponse { ValidHost = request.Host, OriginalRequest = request };
        switch (request.MessageRequestCase)
        {
            case ServerReflectionRequest.MessageRequestOneofCase.ListServices:
                var list = new ListServiceResponse();
                list.Service.AddRange(index.ServiceNames.Select(name => new ServiceResponse { Name = name }));
                response.ListServicesResponse = list;
                break;

            case ServerReflectionRequest.MessageRequestOneofCase.FileByFilename:
                SetFile(response, index.FindFile(request.FileByFilename), "File not found.");
                break;

            case ServerReflectionRequest.MessageRequestOneofCase.FileContainingSymbol:
                SetFile(response, index.FindFileContainingSymbol(request.FileContainingSymbol), "Symbol not found.");
                break;

            case ServerReflectionRequest.MessageRequestOneofCase.FileContainingExtension:
                var extension = request.FileContainingExtension;
                SetFile(response, index.FindFileContainingExtension(extension.ContainingType, extension.ExtensionNumber), "Extension not found.");
                break;

            case ServerReflectionRequest.MessageRequestOneofCase.AllExtensionNumbersOfType:
                var numbers = index.FindExtensionNumbers(request.AllExtensionNumbersOfType);
                if (numbers is null)
                {
                    SetError(response, StatusCode.NotFound, "Type not found.");
                }
                else
                {
                    var extensionNumbers = new ExtensionNumberResponse { BaseTypeName = request.AllExtensionNumbersOfType };
                    extensionNumbers.ExtensionNumber.AddRange(numbers);
                    response.AllExtensionNumbersResponse = extensionNumbers;
                }

                break;

            default:
                SetError(response, StatusCode.Unimplemented, "Request type not supported.");
                break;
        }

        return response;
    }

    /// <summary>Answers with the file and every file it depends on, transitively, the file itself first.</summary>
    private static void SetFile(ServerReflectionResponse response, FileDescriptor? file, string notFound)
    {
        if (file is null)
        {
            SetError(response, StatusCode.NotFound, notFound);
            return;
        }

        var files = new FileDescriptorResponse();
        var seen = new HashSet<string>(StringComparer.Ordinal);
        var pending = new Queue<FileDescriptor>([file]);
        while (pending.TryDequeue(out var next))
        {
            if (!seen.Add(next.Name))
            {
                continue;
            }

            files.FileDescriptorProto.Add(next.SerializedData);
            foreach (var dependency in next.Dependencies)
            {
                pending.Enqueue(dependency);
            }
        }

        response.FileDescriptorResponse = files;
    }

    private static void SetError(ServerReflectionResponse response, StatusCode code, string message)
        => response.ErrorResponse = new ErrorResponse { ErrorCode = (int)code, ErrorMessage = message };

    /// <summary>The files, symbols and extensions reachable from the services' descriptors.</summary>
    private sealed class ReflectionIndex
    {
        private readonly Dictionary<string, FileDescriptor> _files = new(StringComparer.Ordinal);
        private readonly Dictionary<string, FileDescriptor> _symbols = new(StringComparer.Ordinal);
        private readonly Dictionary<string, List<FieldDescriptor>> _extensionsByExtendee = new(StringComparer.Ordinal);

        public ReflectionIndex(IReadOnlyList<ServerServiceDefinition> services)
        {
            ServiceNames = [.. services.Where(s => s.Descriptor is not null).Select(s => s.ServiceName)];
            foreach (var service in services)
            {
                if (service.Descriptor is { } descriptor)
                {
                    AddFile(descriptor.File);
                }
            }
        }

        public IReadOnlyList<string> ServiceNames { get; }

        public FileDescriptor? FindFile(string name) => _files.GetValueOrDefault(name);

        public FileDescriptor? FindFileContainingSymbol(string symbol) => _symbols.GetValueOrDefault(symbol);

        public FileDescriptor? FindFileContainingExtension(string containingType, int number)
            => _extensionsByExtendee.TryGetValue(containingType, out var extensions)
                ? extensions.FirstOrDefault(e => e.FieldNumber == number)?.File
                : null;

        public IEnumerable<int>? FindExtensionNumbers(string type)
        {
            if (!_symbols.ContainsKey(type))
            {
                return null;
            }

            return _extensionsByExtendee.TryGetValue(type, out var extensions)
                ? extensions.Select(e => e.FieldNumber).Order()
                : [];
        }

        private void AddFile(FileDescriptor file)
        {
            if (!_files.TryAdd(file.Name, file))
            {
                return;
            }

            foreach (var service in file.Services)
            {
                _symbols.TryAdd(service.FullName, file);
                foreach (var method in service.Methods)
                {
                    _symbols.TryAdd(method.FullName, file);
                }
            }

            foreach (var message in file.MessageTypes)
            {
                AddMessage(file, message);
            }

            foreach (var enumType in file.EnumTypes)
            {
                _symbols.TryAdd(enumType.FullName, file);
            }

            AddExtensions(file, file.Extensions.UnorderedExtensions);

            foreach (var dependency in file.Dependencies)
            {
                AddFile(dependency);
            }
        }

        private void AddMessage(FileDescriptor file, MessageDescriptor message)
        {
            _symbols.TryAdd(message.FullName, file);
            foreach (var field in message.Fields.InDeclarationOrder())
            {
                _symbols.TryAdd(field.FullName, file);
            }

            foreach (var nested in message.NestedTypes)
            {
                AddMessage(file, nested);
            }

            foreach (var enumType in message.EnumTypes)
            {
                _symbols.TryAdd(enumType.FullName, file);
            }

            AddExtensions(file, message.Extensions.UnorderedExtensions);
        }

        private void AddExtensions(FileDescriptor file, IEnumerable<FieldDescriptor> extensions)
        {
            foreach (var extension in extensions)
            {
                _symbols.TryAdd(extension.FullName, file);
                var extendee = extension.ExtendeeType.FullName;
                if (!_extensionsByExtendee.TryGetValue(extendee, out var list))
                {
                    _extensionsByExtendee[extendee] = list = [];
                }

                list.Add(extension);
            }
        }
    }
}
