#!/usr/bin/env python3
"""Drives a whole Huawei FunctionGraph lifecycle through the emulator with the official
`huaweicloudsdkfunctiongraph` SDK (v2 API, SDK-HMAC-SHA256 signing, IAM project lookup).

usage: fg_lifecycle.py [EMULATOR_URL] [--pending STEP,STEP...]     (URL default: $CLOUDFN_EMULATOR_URL)

The SDK is used unchanged, as a user would (`FunctionGraphClient.new_builder().with_credentials(...)...`),
against the emulator's default configuration (AK/SK test/test, region cn-north-4, project
0123456789abcdef0123456789abcdef). One line is printed per step; the first failed assertion stops the run with
exit status 1, the last HTTP exchange and what was expected. Every assertion states the behaviour of the real
service as written in shared/spec (huawei-functiongraph.md, official-sdks.md); none is relaxed to suit the emulator.

Resource names carry a random run id, so the script can be run repeatedly against a long-lived emulator.
"""

import base64
import hashlib
import io
import json
import logging
import os
import sys
import time
import uuid
import warnings
import zipfile

sys.dont_write_bytecode = True  # no __pycache__ beside the scripts
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))

from interop_common import (  # noqa: E402
    CheckFailed, Steps, check, eq, install_recorder, parse_args, program)

from huaweicloudsdkcore.auth.credentials import BasicCredentials  # noqa: E402
from huaweicloudsdkcore.exceptions.exceptions import SdkException, ServiceResponseException  # noqa: E402
from huaweicloudsdkcore.region.region import Region  # noqa: E402
from huaweicloudsdkfunctiongraph.v2 import (  # noqa: E402
    AsyncInvokeFunctionRequest, CreateFunctionRequest, CreateFunctionRequestBody, CreateFunctionTriggerRequest,
    CreateFunctionTriggerRequestBody, CreateFunctionVersionRequest, CreateFunctionVersionRequestBody,
    CreateVersionAliasRequest, CreateVersionAliasRequestBody, DeleteFunctionAsyncInvokeConfigRequest,
    DeleteFunctionRequest, DeleteFunctionTriggerRequest, DeleteVersionAliasRequest, FuncAsyncDestinationConfig,
    FuncCode, FuncDestinationConfig, FunctionGraphClient, InvokeFunctionRequest, ListAsyncInvocationsRequest,
    ListFunctionAsyncInvokeConfigRequest, ListFunctionsRequest, ListFunctionTriggersRequest,
    ListFunctionVersionsRequest, ListQuotasRequest, ListVersionAliasesRequest, ShowFunctionAsyncInvokeConfigRequest,
    ShowFunctionCodeRequest, ShowFunctionConfigRequest, ShowFunctionTriggerRequest, ShowVersionAliasRequest,
    TriggerEventDataRequestBody, UpdateFunctionAsyncInvokeConfigRequest, UpdateFunctionAsyncInvokeConfigRequestBody,
    UpdateFunctionCodeRequest, UpdateFunctionCodeRequestBody, UpdateFunctionConfigRequest,
    UpdateFunctionConfigRequestBody, UpdateTriggerRequest, UpdateTriggerRequestBody, UpdateVersionAliasRequest,
    UpdateVersionAliasRequestBody)
from huaweicloudsdkfunctiongraph.v2.region.functiongraph_region import FunctionGraphRegion  # noqa: E402

# Without python-dateutil (not a dependency of the SDK) the SDK keeps time fields as strings and warns each time.
warnings.filterwarnings("ignore", category=ImportWarning)

logging.getLogger().addHandler(logging.NullHandler())

AK = "test"
SK = "test"
REGION = "cn-north-4"
PROJECT = "0123456789abcdef0123456789abcdef"


def fg_error(fn, status, code, what):
    """Runs fn, which must raise the SDK's ServiceResponseException with this status and error_code."""
    try:
        fn()
    except ServiceResponseException as e:
        eq((e.status_code, e.error_code), (status, code), f"{what}: exception (status_code, error_code)")
        check(e.error_msg, f"{what}: the error body needs an error_msg: {e}")
        check(e.request_id, f"{what}: the error response needs an X-Request-Id header: {e}")
        return e
    raise CheckFailed(f"{what}: expected an error {status} {code}, but the call succeeded")


def empty_array(resp, what):
    """A top-level `[]` reaches the caller as `body=None`: the SDK builds no kwargs from an empty list
    (huaweicloudsdkcore client.py `_extract_kwargs`: `if ... not data: return kwargs`). Check the raw body too."""
    check(resp.body in (None, []), f"{what}: expected no items, got {resp.body!r}")
    raw = json.loads(resp.raw_content or b"null")
    eq(raw, [], f"{what}: the response body must be an empty top-level JSON array")


def make_zip(files):
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as z:
        for name, text in files.items():
            z.writestr(name, text)
    return buf.getvalue()


def client_for(url, credentials):
    return FunctionGraphClient.new_builder().with_credentials(credentials).with_endpoint(url).build()


def main():
    url, pending = parse_args("fg_lifecycle.py", __doc__)
    install_recorder()
    run = uuid.uuid4().hex[:6]
    fname = f"interop_{run}"
    boom = f"interop_{run}_boom"
    page_pkg = f"pkg{run}"
    page_names = [f"page_{run}_{i}" for i in range(5)]
    code_v1 = make_zip({"index.py": "def handler(event, context):\n    return event\n"})
    code_v2 = make_zip({"index.py": "def handler(event, context):\n    return event  # v2\n"})
    client = client_for(url, BasicCredentials(AK, SK, PROJECT))
    st = {}
    steps = Steps(f"huaweicloudsdkfunctiongraph against {url} (run {run})", pending)

    def create(name, package="default", code=code_v1):
        body = CreateFunctionRequestBody(
            func_name=name, package=package, runtime="Python3.9", timeout=30, handler="index.handler",
            memory_size=256, code_type="zip", code_filename="index.zip", description="interop function",
            func_code=FuncCode(file=base64.b64encode(code).decode("ascii")))
        return client.create_function(CreateFunctionRequest(body=body))

    def urn(qualifier=None, name=None, package="default"):
        base = f"urn:fss:{REGION}:{PROJECT}:function:{package}:{name or fname}"
        return base if qualifier is None else f"{base}:{qualifier}"

    # ------------------------------------------------------------------------------ IAM project lookup ----
    def project_lookup_through_iam():
        # official-sdks.md §2.2: a client built with with_region() and no project id asks IAM
        # `GET /v3/projects?name=cn-north-4` at build() time; the IAM endpoint is the credentials' one.
        # A wrong secret first: the SDK caches a found project id per AK + region for the whole process.
        wrong = BasicCredentials(AK, "wrong-secret").with_iam_endpoint(url)
        try:
            FunctionGraphClient.new_builder().with_credentials(wrong).with_region(Region(REGION, url)).build()
        except SdkException as e:
            check("Failed to get project id" in str(e), f"the IAM lookup with a wrong secret: {e}")
        else:
            raise CheckFailed(f"IAM answered the project lookup signed with a wrong secret: {wrong.project_id!r}")
        credentials = BasicCredentials(AK, SK).with_iam_endpoint(url)
        lookup = (FunctionGraphClient.new_builder().with_credentials(credentials)
                  .with_region(Region(REGION, url)).build())
        eq(credentials.project_id, PROJECT, "project id looked up through IAM")
        r = lookup.list_quotas(ListQuotasRequest())
        check(r.quotas and r.quotas.resources, f"ListQuotas through the looked-up project: {r}")
        check(FunctionGraphRegion.value_of(REGION).id == REGION, "the SDK knows the region")

    # --------------------------------------------------------------------------------------- functions ----
    def create_function():
        r = create(fname)
        eq(r.status_code, 200, "CreateFunction status")
        eq(r.func_urn, urn("latest"), "CreateFunction func_urn (huawei-functiongraph.md §2.1, ends :latest)")
        eq((r.func_name, r.package, r.runtime, r.handler), (fname, "default", "Python3.9", "index.handler"),
           "CreateFunction func_name, package, runtime, handler")
        eq((r.memory_size, r.timeout, r.code_type), (256, 30, "zip"), "CreateFunction memory_size, timeout, code_type")
        eq(r.namespace, PROJECT, "CreateFunction namespace = project id")
        eq(r.version, "latest", "CreateFunction version")
        eq(r.code_size, len(code_v1), "CreateFunction code_size = zip length")
        eq(r.digest, hashlib.sha512(code_v1).hexdigest(), "CreateFunction digest = SHA-512 of the code")
        create(boom)

    def list_functions_paging():
        for name in page_names:
            create(name, package=page_pkg)
        seen, sizes, marker, count = [], [], None, None
        for _ in range(10):
            r = client.list_functions(ListFunctionsRequest(marker=marker, maxitems="2", package_name=page_pkg))
            names = [f.func_name for f in (r.functions or [])]
            sizes.append(len(names))
            seen += names
            count = r.count
            check(isinstance(r.next_marker, int), f"ListFunctions next_marker must be an integer: {r.next_marker!r}")
            if not names or len(seen) >= (count or 0):
                break
            marker = str(r.next_marker)
        eq(count, 5, "ListFunctions count (package_name filter)")
        eq(sizes, [2, 2, 1], "ListFunctions(maxitems=2) page sizes over 5 functions")
        eq(sorted(seen), sorted(page_names), "ListFunctions pages cover every function once")
        eq(len(set(seen)), 5, "ListFunctions pages do not repeat a function")
        r = client.list_functions(ListFunctionsRequest())
        names = {f.func_name for f in r.functions}
        check({fname, boom} <= names, f"ListFunctions (all packages) lists {fname} and {boom}: {sorted(names)}")
        for name in page_names:
            client.delete_function(DeleteFunctionRequest(function_urn=urn(name=name, package=page_pkg)))
        r = client.list_functions(ListFunctionsRequest(package_name=page_pkg))
        eq((r.functions or [], r.count), ([], 0), "ListFunctions after deleting the package's functions")

    def show_config():
        r = client.show_function_config(ShowFunctionConfigRequest(function_urn=urn()))
        eq((r.func_urn, r.func_name, r.memory_size), (urn("latest"), fname, 256), "ShowFunctionConfig")
        eq(r.description, "interop function", "ShowFunctionConfig description")
        r2 = client.show_function_config(ShowFunctionConfigRequest(function_urn=urn("latest")))
        eq(r2.func_urn, r.func_urn, "ShowFunctionConfig with the :latest URN")

    def update_config():
        body = UpdateFunctionConfigRequestBody(func_name=fname, runtime="Python3.9", timeout=60,
                                               handler="index.handler", memory_size=512, description="updated",
                                               user_data=json.dumps({"STAGE": "one"}))
        r = client.update_function_config(UpdateFunctionConfigRequest(function_urn=urn(), body=body))
        eq((r.memory_size, r.timeout, r.description), (512, 60, "updated"), "UpdateFunctionConfig response")
        r = client.show_function_config(ShowFunctionConfigRequest(function_urn=urn()))
        eq((r.memory_size, r.timeout), (512, 60), "ShowFunctionConfig after UpdateFunctionConfig")
        eq(json.loads(r.user_data or "{}"), {"STAGE": "one"}, "user_data after UpdateFunctionConfig")

    def show_code():
        r = client.show_function_code(ShowFunctionCodeRequest(function_urn=urn()))
        eq((r.code_type, r.code_filename, r.code_size), ("zip", "index.zip", len(code_v1)), "ShowFunctionCode")
        eq(r.digest, hashlib.sha512(code_v1).hexdigest(), "ShowFunctionCode digest")
        if r.func_code and r.func_code.file:
            eq(base64.b64decode(r.func_code.file), code_v1, "ShowFunctionCode func_code.file decodes to the zip")

    def update_code():
        body = UpdateFunctionCodeRequestBody(code_type="zip", code_filename="index.zip",
                                             func_code=FuncCode(file=base64.b64encode(code_v2).decode("ascii")))
        r = client.update_function_code(UpdateFunctionCodeRequest(function_urn=urn(), body=body))
        eq((r.code_size, r.digest), (len(code_v2), hashlib.sha512(code_v2).hexdigest()), "UpdateFunctionCode")
        r = client.show_function_code(ShowFunctionCodeRequest(function_urn=urn()))
        eq(r.digest, hashlib.sha512(code_v2).hexdigest(), "ShowFunctionCode after UpdateFunctionCode")

    # -------------------------------------------------------------------------------- versions, aliases ----
    def publish_versions():
        r = client.create_function_version(CreateFunctionVersionRequest(
            function_urn=urn(), body=CreateFunctionVersionRequestBody(version="v1", description="first")))
        eq((r.version, r.func_urn), ("v1", urn("v1")), "CreateFunctionVersion v1 (version, func_urn)")
        eq(r.memory_size, 512, "CreateFunctionVersion snapshots the configuration")
        fg_error(lambda: client.create_function_version(CreateFunctionVersionRequest(
            function_urn=urn(), body=CreateFunctionVersionRequestBody(version="v1b"))),
            400, "FSS.1016", "publishing again with no change")
        body = UpdateFunctionConfigRequestBody(func_name=fname, runtime="Python3.9", timeout=60,
                                               handler="index.handler", memory_size=1024, description="updated")
        client.update_function_config(UpdateFunctionConfigRequest(function_urn=urn(), body=body))
        r = client.create_function_version(CreateFunctionVersionRequest(
            function_urn=urn(), body=CreateFunctionVersionRequestBody(version="v2", description="second")))
        eq((r.version, r.memory_size), ("v2", 1024), "CreateFunctionVersion v2")
        eq(client.show_function_config(ShowFunctionConfigRequest(function_urn=urn("v1"))).memory_size, 512,
           "ShowFunctionConfig of v1 reads the v1 snapshot")
        eq(client.show_function_code(ShowFunctionCodeRequest(function_urn=urn("v1"))).digest,
           hashlib.sha512(code_v2).hexdigest(), "ShowFunctionCode of v1 reads the code frozen in v1")

    def list_versions():
        r = client.list_function_versions(ListFunctionVersionsRequest(function_urn=urn()))
        eq(sorted(v.version for v in r.versions), ["latest", "v1", "v2"], "ListFunctionVersions (includes latest)")
        eq(r.count, 3, "ListFunctionVersions count")
        seen, marker = [], None
        for _ in range(5):
            r = client.list_function_versions(ListFunctionVersionsRequest(function_urn=urn(), marker=marker,
                                                                          maxitems="2"))
            check(len(r.versions) <= 2, f"ListFunctionVersions(maxitems=2) returned {len(r.versions)} versions")
            seen += [v.version for v in r.versions]
            if not r.versions or len(seen) >= r.count:
                break
            marker = str(r.next_marker)
        eq(sorted(seen), ["latest", "v1", "v2"], "ListFunctionVersions(maxitems=2) pages")

    def aliases():
        r = client.create_version_alias(CreateVersionAliasRequest(
            function_urn=urn(), body=CreateVersionAliasRequestBody(
                name="prod", version="v2", description="production", additional_version_weights={"v1": 20})))
        eq((r.name, r.version, r.description), ("prod", "v2", "production"), "CreateVersionAlias")
        eq(r.additional_version_weights, {"v1": 20}, "CreateVersionAlias additional_version_weights")
        eq(r.alias_urn, urn("!prod"), "CreateVersionAlias alias_urn (function URN + :!alias)")
        client.create_version_alias(CreateVersionAliasRequest(function_urn=urn(), body=CreateVersionAliasRequestBody(
            name="stable", version="v1")))
        r = client.show_version_alias(ShowVersionAliasRequest(function_urn=urn(), alias_name="prod"))
        eq((r.version, r.additional_version_weights), ("v2", {"v1": 20}), "ShowVersionAlias")
        r = client.list_version_aliases(ListVersionAliasesRequest(function_urn=urn()))
        check(isinstance(r.body, list), f"ListVersionAliases must be a top-level JSON array: {r}")
        eq(sorted(a.name for a in r.body), ["prod", "stable"], "ListVersionAliases")
        r = client.update_version_alias(UpdateVersionAliasRequest(
            function_urn=urn(), alias_name="prod", body=UpdateVersionAliasRequestBody(
                version="v2", description="production v2", additional_version_weights={"v1": 50})))
        eq((r.description, r.additional_version_weights), ("production v2", {"v1": 50}), "UpdateVersionAlias")
        eq(client.show_version_alias(ShowVersionAliasRequest(function_urn=urn(), alias_name="prod"))
           .additional_version_weights, {"v1": 50}, "ShowVersionAlias after update")

    def alias_errors():
        def create_alias(name, version, weights):
            return lambda: client.create_version_alias(CreateVersionAliasRequest(
                function_urn=urn(), body=CreateVersionAliasRequestBody(
                    name=name, version=version, additional_version_weights=weights)))
        fg_error(create_alias("prod", "v1", None), 409, "FSS.1063", "CreateVersionAlias(duplicate)")
        fg_error(create_alias("heavy", "v2", {"v1": 150}), 400, "FSS.1092", "an additional weight above 100")
        fg_error(create_alias("same", "v2", {"v2": 10}), 400, "FSS.1093", "the additional version = the major one")
        fg_error(lambda: client.show_version_alias(ShowVersionAliasRequest(function_urn=urn(), alias_name="nope")),
                 404, "FSS.1053", "ShowVersionAlias(missing)")
        fg_error(lambda: client.delete_function(DeleteFunctionRequest(function_urn=urn("v1"))),
                 403, "FSS.1094", "deleting v1 while alias prod routes weight to it")

    # ------------------------------------------------------------------------------------------ triggers ----
    def create_triggers():
        timer = TriggerEventDataRequestBody(name="timer_interop", schedule_type="Rate", schedule="3m",
                                            user_event="{\"from\": \"timer\"}")
        r = client.create_function_trigger(CreateFunctionTriggerRequest(
            function_urn=urn("latest"), body=CreateFunctionTriggerRequestBody(
                trigger_type_code="TIMER", trigger_status="ACTIVE", event_data=timer)))
        eq(r.status_code, 201, "CreateFunctionTrigger status (201 Created)")
        eq((r.trigger_type_code, r.trigger_status), ("TIMER", "ACTIVE"), "CreateFunctionTrigger(TIMER)")
        check(r.trigger_id, f"CreateFunctionTrigger must return a trigger_id: {r}")
        eq((r.event_data.schedule, r.event_data.schedule_type), ("3m", "Rate"), "CreateFunctionTrigger event_data")
        st["timer"] = r.trigger_id
        apig = TriggerEventDataRequestBody(
            name="API_interop", group_id="318b09eb214a41488c667ecd51667e3a", env_id="DEFAULT_ENVIRONMENT_RELEASE_ID",
            env_name="RELEASE", auth="NONE", protocol="HTTPS", path="/interop", match_mode="SWA", req_method="ANY",
            backend_type="FUNCTION", type=1, sl_domain="318b09eb214a41488c667ecd51667e3a.apig.cn-north-4.example")
        r = client.create_function_trigger(CreateFunctionTriggerRequest(
            function_urn=urn("latest"), body=CreateFunctionTriggerRequestBody(
                trigger_type_code="APIG", trigger_status="ACTIVE", event_data=apig)))
        eq((r.trigger_type_code, r.trigger_status), ("APIG", "ACTIVE"), "CreateFunctionTrigger(APIG)")
        eq((r.event_data.path, r.event_data.protocol), ("/interop", "HTTPS"), "CreateFunctionTrigger(APIG) event_data")
        st["apig"] = r.trigger_id

    def list_show_update_triggers():
        r = client.list_function_triggers(ListFunctionTriggersRequest(function_urn=urn("latest")))
        check(isinstance(r.body, list), f"ListFunctionTriggers must be a top-level JSON array: {r}")
        eq(sorted((t.trigger_type_code, t.trigger_id) for t in r.body),
           sorted([("TIMER", st["timer"]), ("APIG", st["apig"])]), "ListFunctionTriggers")
        r = client.show_function_trigger(ShowFunctionTriggerRequest(
            function_urn=urn("latest"), trigger_type_code="TIMER", trigger_id=st["timer"]))
        eq((r.trigger_id, r.trigger_status, r.event_data.name), (st["timer"], "ACTIVE", "timer_interop"),
           "ShowFunctionTrigger(TIMER)")
        r = client.update_trigger(UpdateTriggerRequest(
            function_urn=urn("latest"), trigger_type_code="TIMER", trigger_id=st["timer"],
            body=UpdateTriggerRequestBody(trigger_status="DISABLED")))
        eq(r.status_code, 200, "UpdateTrigger status")
        r = client.show_function_trigger(ShowFunctionTriggerRequest(
            function_urn=urn("latest"), trigger_type_code="TIMER", trigger_id=st["timer"]))
        eq(r.trigger_status, "DISABLED", "TIMER trigger status after UpdateTrigger(DISABLED)")
        # Only TIMER, DDS, DMS, KAFKA and LTS triggers can be disabled (huawei-functiongraph.md §3.12.3).
        try:
            client.update_trigger(UpdateTriggerRequest(
                function_urn=urn("latest"), trigger_type_code="APIG", trigger_id=st["apig"],
                body=UpdateTriggerRequestBody(trigger_status="DISABLED")))
        except ServiceResponseException as e:
            eq(e.status_code, 400, "disabling an APIG trigger: status")
        else:
            raise CheckFailed("disabling an APIG trigger must be refused (only TIMER/DDS/DMS/KAFKA/LTS can be)")

    def delete_triggers():
        for code, tid in (("TIMER", st["timer"]), ("APIG", st["apig"])):
            r = client.delete_function_trigger(DeleteFunctionTriggerRequest(
                function_urn=urn("latest"), trigger_type_code=code, trigger_id=tid))
            eq(r.status_code, 204, f"DeleteFunctionTrigger({code}) status")
        empty_array(client.list_function_triggers(ListFunctionTriggersRequest(function_urn=urn("latest"))),
                    "ListFunctionTriggers after deleting both")
        fg_error(lambda: client.show_function_trigger(ShowFunctionTriggerRequest(
            function_urn=urn("latest"), trigger_type_code="TIMER", trigger_id=st["timer"])),
            404, "FSS.1131", "ShowFunctionTrigger after delete")

    # ------------------------------------------------------------------------------ async invoke config ----
    def async_config():
        dest = json.dumps({"func_urn": urn("latest", name=boom)})
        cfg = UpdateFunctionAsyncInvokeConfigRequestBody(
            max_async_event_age_in_seconds=300, max_async_retry_attempts=2, enable_async_status_log=True,
            destination_config=FuncAsyncDestinationConfig(
                on_success=FuncDestinationConfig(destination="FunctionGraph", param=dest),
                on_failure=FuncDestinationConfig(destination="FunctionGraph", param=dest)))
        r = client.update_function_async_invoke_config(UpdateFunctionAsyncInvokeConfigRequest(
            function_urn=urn("latest"), body=cfg))
        eq((r.max_async_event_age_in_seconds, r.max_async_retry_attempts, r.enable_async_status_log), (300, 2, True),
           "UpdateFunctionAsyncInvokeConfig limits, enable_async_status_log")
        eq((r.destination_config.on_success.destination, json.loads(r.destination_config.on_failure.param)),
           ("FunctionGraph", json.loads(dest)), "UpdateFunctionAsyncInvokeConfig destinations")
        client.update_function_async_invoke_config(UpdateFunctionAsyncInvokeConfigRequest(
            function_urn=urn("v1"), body=UpdateFunctionAsyncInvokeConfigRequestBody(max_async_retry_attempts=0)))
        r = client.show_function_async_invoke_config(ShowFunctionAsyncInvokeConfigRequest(function_urn=urn("latest")))
        eq((r.func_urn, r.max_async_retry_attempts), (urn("latest"), 2), "ShowFunctionAsyncInvokeConfig")
        eq(r.destination_config.on_success.param and json.loads(r.destination_config.on_success.param),
           json.loads(dest), "ShowFunctionAsyncInvokeConfig on_success param")
        seen, marker = [], None
        for _ in range(4):
            r = client.list_function_async_invoke_config(ListFunctionAsyncInvokeConfigRequest(
                function_urn=urn(), marker=marker, limit="1"))
            seen += [c.func_urn for c in (r.async_invoke_configs or [])]
            eq(r.count, 2, "ListFunctionAsyncInvokeConfig count")
            check(r.page_info is not None, f"ListFunctionAsyncInvokeConfig needs page_info: {r}")
            if len(seen) >= r.count or not r.async_invoke_configs:
                break
            marker = str(r.page_info.next_marker)
        eq(sorted(seen), sorted([urn("latest"), urn("v1")]), "ListFunctionAsyncInvokeConfig(limit=1) pages")
        r = client.delete_function_async_invoke_config(DeleteFunctionAsyncInvokeConfigRequest(function_urn=urn("v1")))
        eq(r.status_code, 204, "DeleteFunctionAsyncInvokeConfig status")
        try:
            client.show_function_async_invoke_config(ShowFunctionAsyncInvokeConfigRequest(function_urn=urn("v1")))
        except ServiceResponseException as e:
            eq(e.status_code, 404, "ShowFunctionAsyncInvokeConfig after delete: status")
        else:
            raise CheckFailed("ShowFunctionAsyncInvokeConfig after delete must fail with 404")

    # ------------------------------------------------------------------------------------------- invoke ----
    def invoke_sync():
        program(url, "fg", "default", fname, {"action": {"kind": "echo"}, "log": "interop fg log"})
        payload = {"hello": "fg", "n": 1}
        r = client.invoke_function(InvokeFunctionRequest(function_urn=urn("latest"), x_cff_log_type="tail",
                                                         x_cff_request_version="v1", body=payload))
        eq(r.status_code, 200, "InvokeFunction HTTP status")
        check(isinstance(r.result, str), f"InvokeFunction result must be a JSON string (official-sdks.md §2.9), "
                                         f"got {type(r.result).__name__}: {r.result!r}")
        try:
            echoed = json.loads(r.result)
        except ValueError as e:
            raise CheckFailed(f"InvokeFunction result must hold the function's JSON output: {r.result!r}") from e
        eq(echoed, payload, "InvokeFunction echoes the event")
        check(r.request_id, f"InvokeFunction request_id: {r}")
        check(r.x_cff_request_id, "InvokeFunction must send the X-Cff-Request-Id header")
        check(r.log and "interop fg log" in r.log, f"X-Cff-Log-Type: tail must return the log, got {r.log!r}")
        r = client.invoke_function(InvokeFunctionRequest(function_urn=urn("!prod"), body=payload))
        eq(json.loads(r.result), payload, "InvokeFunction through the alias prod")
        r = client.invoke_function(InvokeFunctionRequest(function_urn=urn("v1"), body={}))
        eq(json.loads(r.result), {}, "InvokeFunction of v1 with an empty event")

    def invoke_async():
        r = client.async_invoke_function(AsyncInvokeFunctionRequest(function_urn=urn("latest"),
                                                                    x_cff_instance_memory="256", body={"async": True}))
        eq(r.status_code, 202, "AsyncInvokeFunction status (202 Accepted)")
        check(r.request_id, f"AsyncInvokeFunction request_id: {r}")
        # Recorded and listable (huawei-functiongraph.md §3.13.5; the latest config enables async status logs).
        listed = client.list_async_invocations(ListAsyncInvocationsRequest(function_urn=urn("latest"),
                                                                           request_id=r.request_id))
        eq([i.request_id for i in (listed.invocations or [])], [r.request_id], "ListAsyncInvocations(request_id)")
        check(listed.invocations[0].status in ("WAIT", "RUNNING", "SUCCESS"),
              f"the echo invocation's status: {listed.invocations[0].status!r}")
        # An async event is at most 256 KB; a larger body is 413 FSS.0413 (huawei-functiongraph.md §5.3).
        fg_error(lambda: client.async_invoke_function(AsyncInvokeFunctionRequest(
            function_urn=urn("latest"), body={"blob": "x" * (300 * 1024)})), 413, "FSS.0413", "a 300 KB async event")

    def invoke_function_error():
        program(url, "fg", "default", boom, {"action": {"kind": "handled_error", "message": "boom"}})
        r = client.invoke_function(InvokeFunctionRequest(function_urn=urn("latest", name=boom), body={"k": "v"}))
        eq(r.status_code, 200, "a function error is still an HTTP 200 invocation")
        check(r.status not in (None, 0),
              f"InvokeFunction status must be non-zero for a function error, got {r.status!r}")
        check(isinstance(r.result, str) and "boom" in r.result,
              f"InvokeFunction result must carry the error message as a string: {r.result!r}")

    # ------------------------------------------------------------------------------------------- quotas ----
    def quotas():
        r = client.list_quotas(ListQuotasRequest())
        by_type = {q.type: q for q in (r.quotas.resources or [])}
        for t in ("fgs_func_num", "fgs_func_code_size", "fgs_func_occurs"):
            check(t in by_type, f"ListQuotas must list {t}: {sorted(by_type)}")
        num = by_type["fgs_func_num"]
        check(isinstance(num.quota, int) and num.quota > 0, f"fgs_func_num quota: {num}")
        check(isinstance(num.used, int) and num.used >= 2, f"fgs_func_num used counts our 2 functions: {num}")
        eq(by_type["fgs_func_code_size"].unit, "MB", "fgs_func_code_size unit")

    # -------------------------------------------------------------------------------------------- errors ----
    def error_cases():
        fg_error(lambda: client.show_function_config(ShowFunctionConfigRequest(function_urn=urn(name="missing"))),
                 404, "FSS.1051", "ShowFunctionConfig(missing function)")
        fg_error(lambda: client.show_function_config(ShowFunctionConfigRequest(function_urn=urn("v99"))),
                 404, "FSS.1052", "ShowFunctionConfig(missing version)")
        fg_error(lambda: create(fname), 409, "FSS.1061", "CreateFunction(duplicate)")

    def auth_errors():
        wrong = client_for(url, BasicCredentials(AK, "wrong-secret", PROJECT))
        fg_error(lambda: wrong.list_quotas(ListQuotasRequest()), 401, "APIGW.0301", "a wrong secret")
        unknown = client_for(url, BasicCredentials("no-such-key", SK, PROJECT))
        fg_error(lambda: unknown.list_quotas(ListQuotasRequest()), 401, "APIGW.0301", "an unknown access key")
        stale = time.strftime("%Y%m%dT%H%M%SZ", time.gmtime(time.time() - 3600))
        fg_error(lambda: client.list_quotas_invoker(ListQuotasRequest()).add_header("X-Sdk-Date", stale).invoke(),
                 401, "APIGW.0301", "an X-Sdk-Date one hour old (signed correctly)")

    # ------------------------------------------------------------------------------------------- cleanup ----
    def delete_everything():
        for alias in ("prod", "stable"):
            r = client.delete_version_alias(DeleteVersionAliasRequest(function_urn=urn(), alias_name=alias))
            eq(r.status_code, 204, f"DeleteVersionAlias({alias}) status")
        empty_array(client.list_version_aliases(ListVersionAliasesRequest(function_urn=urn())),
                    "ListVersionAliases after deleting both")
        r = client.delete_function(DeleteFunctionRequest(function_urn=urn("v1")))
        eq(r.status_code, 204, "DeleteFunction(:v1) deletes the version")
        r = client.list_function_versions(ListFunctionVersionsRequest(function_urn=urn()))
        eq(sorted(v.version for v in r.versions), ["latest", "v2"], "ListFunctionVersions after deleting v1")
        for name in (fname, boom):
            r = client.delete_function(DeleteFunctionRequest(function_urn=urn(name=name)))
            eq(r.status_code, 204, f"DeleteFunction({name}) status")
        fg_error(lambda: client.show_function_config(ShowFunctionConfigRequest(function_urn=urn())),
                 404, "FSS.1051", "ShowFunctionConfig after DeleteFunction")
        fg_error(lambda: client.show_function_config(ShowFunctionConfigRequest(function_urn=urn("v2"))),
                 404, "FSS.1051", "a version of a deleted function")

    for name, step in [
        ("project_id_lookup_through_iam", project_lookup_through_iam),
        ("create_function_zip", create_function),
        ("list_functions_paging", list_functions_paging),
        ("show_function_config", show_config),
        ("update_function_config", update_config),
        ("show_function_code", show_code),
        ("update_function_code", update_code),
        ("publish_versions", publish_versions),
        ("list_versions_paging", list_versions),
        ("aliases_with_weights", aliases),
        ("alias_errors", alias_errors),
        ("create_triggers_timer_apig", create_triggers),
        ("list_show_update_triggers", list_show_update_triggers),
        ("delete_triggers", delete_triggers),
        ("async_invoke_config", async_config),
        ("invoke_sync_result_log", invoke_sync),
        ("invoke_async", invoke_async),
        ("invoke_function_error", invoke_function_error),
        ("quotas", quotas),
        ("error_cases", error_cases),
        ("auth_errors", auth_errors),
        ("delete_everything", delete_everything),
    ]:
        steps.run(name, step)
    steps.finish()


if __name__ == "__main__":
    main()
