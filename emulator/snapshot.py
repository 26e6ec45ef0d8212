"""Save the endpoint's whole state to a file and load it back: every moto backend plus our extension's state.

Tests use it to build a layer once and start later tests from it (scripts/molecule.sh's fixtures, the integration
tier's converged estate) instead of converging the same layer again. A snapshot is a pickle of

* every moto ``BackendDict`` in use (its accounts and regions, and attributes of the dict itself, such as S3's global
  bucket-name index), each saved under the module and name it is bound to (``moto.ec2.models``, ``ec2_backends``);
* ``emulator.registry.STATE`` (the extension operations' state);
* containers moto keeps on a backend class (Security Hub's organization configuration), restored in place.

Models that point at a ``BackendDict`` point at the live one after a load (pickled by reference, not copied), and
locks are pickled as new locks, and a defaultdict whose default is a lambda (SSM's) gets a named factory
making the same. Loading resets the endpoint first (as ``/moto-api/reset`` does) and zeroes the call
counts; fault injection is left as it was. Only for this endpoint, the same moto version, and an idle endpoint:
requests in flight during a save or load see a half-copied state.
"""

import collections
import functools
import importlib
import pickle
import sys
import threading
from pathlib import Path

FORMAT = 1
_LOCK_TYPES = (type(threading.Lock()), type(threading.RLock()))
# Attributes every BackendDict sets in __init__: rebuilt by the live object, not restored.
_OWN_ATTRS = {"backend", "service_name", "_use_boto3_regions", "_additional_regions", "_id"}


def _binding(backend_dict) -> tuple[str, str]:
    """(module, name) the live BackendDict is bound to, found from the module of its backend class."""
    module = sys.modules[backend_dict.backend.__module__]
    for name, value in vars(module).items():
        if value is backend_dict:
            return module.__name__, name
    # moto binds a few in a package __init__ rather than beside the class.
    package = sys.modules.get(module.__name__.rsplit(".", 1)[0])
    for name, value in vars(package or object()).items():
        if value is backend_dict:
            return package.__name__, name
    raise LookupError(f"BackendDict of {backend_dict.service_name} is bound to no module attribute")


def _live(binding: tuple[str, str]):
    module, name = binding
    return getattr(importlib.import_module(module), name)


class _Pickler(pickle.Pickler):
    def __init__(self, file, bindings: dict[int, tuple[str, str]]):
        super().__init__(file, protocol=pickle.HIGHEST_PROTOCOL)
        self._bindings = bindings

    def persistent_id(self, obj):
        return self._bindings.get(id(obj))

    def reducer_override(self, obj):
        if isinstance(obj, _LOCK_TYPES):
            return (threading.RLock if "RLock" in type(obj).__name__ else threading.Lock), ()
        if type(obj).__module__.startswith("cryptography."):
            return _reduce_crypto(obj)
        if isinstance(obj, collections.defaultdict) and (
            type(obj) is not collections.defaultdict or _local(obj.default_factory)
        ):
            return _reduce_defaultdict(obj)
        return NotImplemented


def _reduce_defaultdict(obj):
    """defaultdict's own reduce calls ``cls(default_factory)``: wrong for a subclass with another __init__ (SSM's
    ParameterDict) and impossible for a lambda default. Made empty, then given its attributes and items (after it is
    memoised, so cycles through them are fine)."""
    factory = _named_factory(obj.default_factory) if _local(obj.default_factory) else obj.default_factory
    return _new_defaultdict, (type(obj), factory), dict(getattr(obj, "__dict__", {})) or None, None, iter(obj.items())


def _local(func) -> bool:
    """A lambda or a function defined inside another: pickle cannot name it."""
    return func is not None and "<" in getattr(func, "__qualname__", "")


def _named_factory(factory):
    """A picklable factory making what a local one makes: moto's backends use e.g. ``defaultdict(lambda:
    defaultdict(dict))`` (SSM). Only empty containers are recognised; anything else fails the save loudly."""
    sample = factory()
    if isinstance(sample, collections.defaultdict) and not sample:
        inner = sample.default_factory
        return functools.partial(collections.defaultdict, _named_factory(inner) if _local(inner) else inner)
    if type(sample) in (dict, list, set) and not sample:
        return type(sample)
    raise pickle.PicklingError(f"cannot save the default factory {factory.__qualname__} (makes {sample!r})")


def _new_defaultdict(cls, factory):
    result = collections.defaultdict.__new__(cls)
    result.default_factory = factory
    return result


def _reduce_crypto(obj):
    """KMS keys, EC2 key pairs and ACM certificates hold cryptography objects (Rust, not picklable): as PEM."""
    from cryptography import x509
    from cryptography.hazmat.primitives import serialization as ser

    if isinstance(obj, x509.Certificate):
        return _crypto_object, ("certificate", obj.public_bytes(ser.Encoding.PEM))
    if hasattr(obj, "private_bytes"):
        return _crypto_object, (
            "private",
            obj.private_bytes(ser.Encoding.PEM, ser.PrivateFormat.PKCS8, ser.NoEncryption()),
        )
    if hasattr(obj, "public_bytes"):
        return _crypto_object, ("public", obj.public_bytes(ser.Encoding.PEM, ser.PublicFormat.SubjectPublicKeyInfo))
    return NotImplemented


def _crypto_object(kind: str, pem: bytes):
    # cryptography's loaders are Rust builtins, which pickle cannot name: this function is what a snapshot calls.
    from cryptography import x509
    from cryptography.hazmat.primitives import serialization as ser

    if kind == "certificate":
        return x509.load_pem_x509_certificate(pem)
    return ser.load_pem_private_key(pem, None) if kind == "private" else ser.load_pem_public_key(pem)


class _Unpickler(pickle.Unpickler):
    def persistent_load(self, pid):
        return _live(tuple(pid))


def save(path: str | Path) -> dict:
    """Write the endpoint's state to ``path``; returns a summary (accounts, backends, bytes)."""
    from moto.core.base_backend import BackendDict, backend_lock

    from emulator.registry import STATE

    with backend_lock, STATE.lock:
        dicts = [bd for bd in BackendDict._instances if len(bd)]
        bindings = {id(bd): _binding(bd) for bd in dicts}
        payload = {
            "format": FORMAT,
            "backends": [
                (
                    bindings[id(bd)],
                    dict(bd),
                    {k: v for k, v in vars(bd).items() if k not in _OWN_ATTRS},
                )
                for bd in dicts
            ],
            "extensions": STATE._data,
            "class_state": _class_state(dicts),
        }
        path = Path(path)
        path.parent.mkdir(parents=True, exist_ok=True)
        tmp = path.with_name(path.name + ".tmp")
        with open(tmp, "wb") as f:
            _Pickler(f, bindings).dump(payload)
        tmp.replace(path)  # a reader never sees half a snapshot
    return _summary(payload, path)


def load(path: str | Path) -> dict:
    """Replace the endpoint's state with the snapshot in ``path``; returns the same summary as save()."""
    from moto.core.base_backend import BackendDict, backend_lock
    from moto.core.model_instances import reset_model_data

    from emulator.registry import STATE

    with open(path, "rb") as f:  # a missing file fails here, before the state is touched
        # Reset first, as /moto-api/reset does: moto tracks every model made (unpickling makes them too), and S3's
        # reset closes the buffers of every tracked object, so resetting after unpickling would close the new ones.
        BackendDict.reset()
        reset_model_data()
        payload = _Unpickler(f).load()
    if payload.get("format") != FORMAT:
        raise ValueError(f"{path}: snapshot format {payload.get('format')!r}, this endpoint reads {FORMAT}")
    with backend_lock, STATE.lock:
        for binding, accounts, attrs in payload["backends"]:
            live = _live(binding)
            live.clear()
            live.update(accounts)
            for name, value in attrs.items():
                setattr(live, name, value)
            if live not in BackendDict._instances:
                BackendDict._instances.append(live)
        STATE._data.clear()
        STATE._data.update(payload["extensions"])
        for (module, cls, name), value in payload["class_state"].items():
            live = vars(getattr(importlib.import_module(module), cls))[name]
            live.clear()  # in place: code may hold the container itself
            if isinstance(live, list):
                live.extend(value)
            else:
                live.update(value)
    return _summary(payload, Path(path))


def _class_state(dicts) -> dict:
    """Containers moto keeps on a backend class rather than an instance, shared by every account: e.g. Security Hub's
    ``SecurityHubBackend._org_configs`` (the organization's delegated administrator and auto-enable settings)."""
    state = {}
    for bd in dicts:
        for cls in type.mro(bd.backend):
            if not cls.__module__.startswith("moto."):
                continue
            for name, value in vars(cls).items():
                if not name.startswith("__") and type(value) in (dict, list, set):
                    state[(cls.__module__, cls.__qualname__, name)] = value
    return state


def _summary(payload: dict, path: Path) -> dict:
    accounts = {account for _, by_account, _ in payload["backends"] for account in by_account}
    return {
        "path": str(path),
        "bytes": path.stat().st_size,
        "backends": len(payload["backends"]),
        "accounts": len(accounts),
    }
