using System.Linq.Expressions;
using System.Reflection;
using OrleansChat.Runtime.Observers;

namespace OrleansChat.Runtime.Messaging;

/// <summary>
/// Everything the runtime needs to call one validated interface method: argument and result copiers,
/// the cancellation token's position, a compiled invoker for the target, and return adapters.
/// Built once per method (see <see cref="InterfaceDescriptor"/>).
/// </summary>
internal sealed class GrainMethodDescriptor
{
    private readonly Func<object, object?>?[] _argumentCopiers;
    private readonly Func<object, object?>? _resultCopier;
    private readonly Func<object, object?[], object> _invoke;
    private readonly Func<object, Task<object?>> _unwrap;
    private readonly Func<Task<object?>, object> _wrap;
    private readonly int _cancellationTokenIndex;

    public GrainMethodDescriptor(MethodInfo method, ReturnKind returnKind, Type? resultType)
    {
        Method = method;
        DisplayName = method.DeclaringType!.Name + "." + method.Name;
        var parameters = method.GetParameters();
        _argumentCopiers = new Func<object, object?>?[parameters.Length];
        _cancellationTokenIndex = -1;
        for (var i = 0; i < parameters.Length; i++)
        {
            var type = parameters[i].ParameterType;
            if (type == typeof(CancellationToken))
            {
                _cancellationTokenIndex = i;
            }

            _argumentCopiers[i] = ValueCopier.For(type);
        }

        ReferenceParameters = parameters
            .Where(p => CallTypeRules.IsReference(p.ParameterType))
            .Select(p => (p.Position, p.Name ?? "arg" + p.Position))
            .ToArray();
        _resultCopier = resultType is null ? null : ValueCopier.For(resultType);
        _invoke = CompileInvoker(method, parameters);
        _unwrap = ReturnAdapters.Unwrap(returnKind, resultType);
        _wrap = ReturnAdapters.Wrap(returnKind, resultType);
    }

    /// <summary>The interface method.</summary>
    public MethodInfo Method { get; }

    /// <summary>"IEchoGrain.Echo", for messages.</summary>
    public string DisplayName { get; }

    private (int Position, string Name)[] ReferenceParameters { get; }

    /// <summary>Copies the caller's arguments so caller and target never share mutable state.</summary>
    public object?[] CopyArguments(object?[]? arguments)
    {
        if (arguments is null || arguments.Length == 0)
        {
            return [];
        }

        foreach (var (position, name) in ReferenceParameters)
        {
            if (arguments[position] is { } value && value is not IGrainReference && value is not IObserverReference)
            {
                throw new ArgumentException(
                    DisplayName + ": argument '" + name + "' is a " + value.GetType().Name + " object, not a reference; "
                    + "pass a reference from IGrainFactory.CreateObjectReference or IGrainFactory.GetGrain.", name);
            }
        }

        var copy = new object?[arguments.Length];
        for (var i = 0; i < arguments.Length; i++)
        {
            var value = arguments[i];
            copy[i] = value is null || _argumentCopiers[i] is not { } copier ? value : copier(value);
        }

        return copy;
    }

    /// <summary>The call's cancellation token argument, or none.</summary>
    public CancellationToken GetCancellationToken(object?[] arguments) =>
        _cancellationTokenIndex >= 0 ? (CancellationToken)arguments[_cancellationTokenIndex]! : CancellationToken.None;

    /// <summary>Invokes the method on <paramref name="target"/> and returns its copied result.</summary>
    public async Task<object?> InvokeAsync(object target, object?[] arguments)
    {
        var result = await _unwrap(_invoke(target, arguments)).ConfigureAwait(false);
        return result is null || _resultCopier is null ? result : _resultCopier(result);
    }

    /// <summary>Converts the untyped result task to the method's declared return type.</summary>
    public object WrapReturn(Task<object?> result) => _wrap(result);

    private static Func<object, object?[], object> CompileInvoker(MethodInfo method, ParameterInfo[] parameters)
    {
        var target = Expression.Parameter(typeof(object), "target");
        var arguments = Expression.Parameter(typeof(object?[]), "arguments");
        var call = Expression.Call(
            Expression.Convert(target, method.DeclaringType!),
            method,
            parameters.Select((p, i) => Expression.Convert(Expression.ArrayIndex(arguments, Expression.Constant(i)), p.ParameterType)));
        return Expression.Lambda<Func<object, object?[], object>>(Expression.Convert(call, typeof(object)), target, arguments).Compile();
    }
}
