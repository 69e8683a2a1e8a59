#!/usr/bin/env python3
"""Drives a whole Alibaba Function Compute lifecycle through the emulator with the official `aliyun-fc2` SDK.

usage: fc_lifecycle.py [EMULATOR_URL] [--pending STEP,STEP...]     (URL default: $CLOUDFN_EMULATOR_URL)

The SDK is used unchanged, as a user would (`fc2.Client(endpoint=..., accessKeyID='test', accessKeySecret='test')`),
against the emulator's default configuration. One line is printed per step; the first failed assertion stops the
run with exit status 1, the last HTTP exchange and what was expected. Every assertion states the behaviour of the
real service as written in shared/spec (alibaba-fc.md, official-sdks.md); none is relaxed to suit the emulator.

Resource names carry a random run id, so the script can be run repeatedly against a long-lived emulator
(`cargo run -p cloudfn-emulator -- --listen 127.0.0.1:9000`).
"""

import atexit
import base64
import email.utils
import io
import json
import logging
import os
import re
import sys
import tempfile
import time
import uuid
import zipfile

sys.dont_write_bytecode = True  # no __pycache__ beside the scripts
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))

from interop_common import (  # noqa: E402
    CheckFailed, Steps, check, eq, http_get, install_recorder, last_response, parse_args, program)

import fc2  # noqa: E402
import fc2.client  # noqa: E402
from fc2.fc_exceptions import FcError  # noqa: E402

# The SDK retries GET/PUT/DELETE answered 500/502/504 five times with exponential backoff (0+2+4+8+16 s,
# official-sdks.md §1.6). A 5xx is a failure here either way; without a backoff it fails in milliseconds instead of
# 30 s. This is the SDK's documented module-level knob and changes nothing on the wire but the timing of retries.
fc2.client.backoff_factor = 0

# fc2 logs every 4xx at ERROR level through the root logger; the expected errors below would fill the output.
# Each failed step prints the HTTP exchange instead.
logging.getLogger().addHandler(logging.NullHandler())

ACCESS_KEY_ID = "test"
ACCESS_KEY_SECRET = "test"
ACCOUNT_ID = "1234567890123456"
REGION = "cn-hangzhou"


def fc_error(fn, status, code, what):
    """Runs fn, which must raise the SDK's FcError with this HTTP status and ErrorCode; returns the error."""
    try:
        fn()
    except FcError as e:
        eq((e.status_code, e.err_code), (status, code), f"{what}: FcError (status_code, err_code)")
        check(e.request_id and e.request_id != "unknown",
              f"{what}: FcError.request_id must come from the X-Fc-Request-Id header, got {e.request_id!r}")
        body = json.loads(e.message)
        check(isinstance(body.get("ErrorMessage"), str) and body["ErrorMessage"],
              f"{what}: the error body needs a non-empty ErrorMessage, got {e.message}")
        return e
    raise CheckFailed(f"{what}: expected FcError {status} {code}, but the call succeeded")


def deleted(call, what, status=204):
    """fc2's delete_* methods return nothing; the status comes from the recorded response (alibaba-fc.md §7 #6:
    204 No Content for the deletes of services, functions, triggers, versions, aliases, async configs)."""
    call()
    eq(last_response().status_code, status, f"{what}: HTTP status")


def make_zip(files):
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as z:
        for name, text in files.items():
            z.writestr(name, text)
    return buf.getvalue()


def write_temp(data):
    # The SDK only takes a path (codeZipFile=...): the in-memory zip goes through a temporary file.
    f = tempfile.NamedTemporaryFile(prefix="cloudfn-interop-", suffix=".zip", delete=False)
    f.write(data)
    f.close()
    atexit.register(os.unlink, f.name)
    return f.name


def etag_of(resp, what):
    etag = resp.headers.get("etag")
    check(etag, f"{what}: the response must carry an ETag header (alibaba-fc.md §2.4); headers: {dict(resp.headers)}")
    return etag


def main():
    url, pending = parse_args("fc_lifecycle.py", __doc__)
    install_recorder()
    run = uuid.uuid4().hex[:6]
    svc = f"interop-{run}"
    fn = "echo"
    boom = "boom"
    page_prefix = f"interop-{run}-page-"
    page_names = [f"{page_prefix}{i}" for i in range(5)]
    code_v1 = make_zip({"index.py": "def handler(event, context):\n    return event\n"})
    code_v2 = make_zip({"index.py": "def handler(event, context):\n    return event  # v2\n",
                        "README.txt": "second package\n"})
    zip_v1 = write_temp(code_v1)
    zip_v2 = write_temp(code_v2)
    client = fc2.Client(endpoint=url, accessKeyID=ACCESS_KEY_ID, accessKeySecret=ACCESS_KEY_SECRET)
    st = {}
    steps = Steps(f"aliyun-fc2 {fc2.__version__} against {url} (run {run})", pending)

    # ------------------------------------------------------------------------------------------ services ----
    def create_service():
        r = client.create_service(svc, description="interop service", internetAccess=True)
        eq(r.data.get("serviceName"), svc, "CreateService serviceName")
        eq(r.data.get("description"), "interop service", "CreateService description")
        check(r.data.get("serviceId"), f"CreateService must return a serviceId: {r.data}")
        check(r.data.get("createdTime") and r.data.get("lastModifiedTime"), f"CreateService times: {r.data}")
        st["svc_etag"] = etag_of(r, "CreateService")

    def get_service():
        r = client.get_service(svc)
        eq(r.data.get("serviceName"), svc, "GetService serviceName")
        eq(r.data.get("description"), "interop service", "GetService description")
        eq(etag_of(r, "GetService"), st["svc_etag"], "GetService ETag (unchanged service)")

    def get_service_trailing_slash():
        # official-sdks.md §4 quirks 6-7: an endpoint with a trailing '/' sends `GET //2016-08-15/...` and
        # `host: 127.0.0.1:PORT/`; the signature covers the single-slash path.
        other = fc2.Client(endpoint=url + "/", accessKeyID=ACCESS_KEY_ID, accessKeySecret=ACCESS_KEY_SECRET)
        eq(other.get_service(svc).data.get("serviceName"), svc, "GetService through an endpoint ending in '/'")

    def list_services_paging():
        for name in page_names:
            client.create_service(name)
        seen, pages, token = [], [], None
        for _ in range(10):
            r = client.list_services(limit=2, prefix=page_prefix, nextToken=token)
            names = [s["serviceName"] for s in r.data.get("services", [])]
            pages.append(names)
            seen += names
            token = r.data.get("nextToken")
            if not token:
                break
        eq([len(p) for p in pages], [2, 2, 1], "ListServices(limit=2) page sizes over 5 services")
        eq(seen, sorted(page_names), "ListServices pages, in alphabetical order (alibaba-fc.md §5.0.1)")
        r = client.list_services(prefix=page_prefix, startKey=page_names[2])
        eq([s["serviceName"] for s in r.data["services"]], page_names[2:], "ListServices(startKey) is inclusive")
        check(not r.data.get("nextToken"), f"ListServices without more results must have no nextToken: {r.data}")
        r = client.list_services(prefix=f"interop-{run}")
        eq(len(r.data["services"]), 6, "ListServices(prefix) count")

    def update_service():
        r = client.update_service(svc, description="updated without If-Match")
        eq(r.data.get("description"), "updated without If-Match", "UpdateService description")
        eq(r.data.get("serviceName"), svc, "UpdateService keeps serviceName")
        new = etag_of(r, "UpdateService")
        check(new != st["svc_etag"], "UpdateService must change the service ETag")
        st["svc_etag_old"], st["svc_etag"] = st["svc_etag"], new

    def update_service_if_match():
        r = client.update_service(svc, description="updated with If-Match", headers={"if-match": st["svc_etag"]})
        eq(r.data.get("description"), "updated with If-Match", "UpdateService(If-Match) description")
        st["svc_etag"] = etag_of(r, "UpdateService(If-Match)")

    def update_service_stale_if_match():
        # alibaba-fc.md §2.4 / §7 #28: a mismatched If-Match is refused, 412 PreconditionFailed.
        fc_error(lambda: client.update_service(svc, description="lost", headers={"if-match": st["svc_etag_old"]}),
                 412, "PreconditionFailed", "UpdateService with a stale If-Match")
        eq(client.get_service(svc).data.get("description"), "updated with If-Match",
           "a refused UpdateService must not change the service")

    # ----------------------------------------------------------------------------------------- functions ----
    def create_function():
        r = client.create_function(svc, fn, "python3.9", "index.handler", codeZipFile=zip_v1,
                                   description="echo function", environmentVariables={"STAGE": "one"})
        d = r.data
        eq(d.get("functionName"), fn, "CreateFunction functionName")
        eq((d.get("runtime"), d.get("handler")), ("python3.9", "index.handler"), "CreateFunction runtime, handler")
        eq((d.get("memorySize"), d.get("timeout")), (256, 60), "CreateFunction memorySize, timeout (SDK defaults)")
        eq(d.get("codeSize"), len(code_v1), "CreateFunction codeSize = zip length")
        check(re.fullmatch(r"[0-9]+", str(d.get("codeChecksum", ""))),
              f"CreateFunction codeChecksum must be a decimal CRC-64 string: {d.get('codeChecksum')!r}")
        eq(d.get("environmentVariables"), {"STAGE": "one"}, "CreateFunction environmentVariables")
        check(d.get("functionId"), f"CreateFunction functionId: {d}")
        st["fn_etag"] = etag_of(r, "CreateFunction")
        st["checksum_v1"] = str(d["codeChecksum"])
        client.create_function(svc, boom, "python3.9", "index.handler", codeZipFile=zip_v1)

    def get_function():
        r = client.get_function(svc, fn)
        eq(r.data.get("functionName"), fn, "GetFunction functionName")
        eq(r.data.get("description"), "echo function", "GetFunction description")
        eq(str(r.data.get("codeChecksum")), st["checksum_v1"], "GetFunction codeChecksum")
        eq(etag_of(r, "GetFunction"), st["fn_etag"], "GetFunction ETag")

    def list_functions_paging():
        seen, token, sizes = [], None, []
        for _ in range(5):
            r = client.list_functions(svc, limit=1, nextToken=token)
            names = [f["functionName"] for f in r.data.get("functions", [])]
            sizes.append(len(names))
            seen += names
            token = r.data.get("nextToken")
            if not token:
                break
        eq(seen, sorted([fn, boom]), "ListFunctions(limit=1) over two pages")
        eq(sizes, [1, 1], "ListFunctions page sizes")

    def get_function_code_download():
        r = client.get_function_code(svc, fn)
        eq(str(r.data.get("checksum")), st["checksum_v1"], "GetFunctionCode checksum = function codeChecksum")
        code_url = r.data.get("url")
        check(code_url, f"GetFunctionCode must return a url: {r.data}")
        status, body = http_get(code_url)
        eq(status, 200, f"downloading the code from {code_url}")
        check(body == code_v1, f"the downloaded code ({len(body)} bytes) differs from the uploaded zip "
                               f"({len(code_v1)} bytes)")

    def update_function():
        r = client.update_function(svc, fn, codeZipFile=zip_v2, memorySize=512, description="echo v2",
                                   headers={"if-match": st["fn_etag"]})
        d = r.data
        eq((d.get("memorySize"), d.get("description")), (512, "echo v2"), "UpdateFunction memorySize, description")
        eq((d.get("runtime"), d.get("timeout")), ("python3.9", 60), "UpdateFunction keeps unsent fields")
        eq(d.get("codeSize"), len(code_v2), "UpdateFunction codeSize")
        check(str(d.get("codeChecksum")) != st["checksum_v1"], "UpdateFunction with new code changes codeChecksum")
        check(etag_of(r, "UpdateFunction") != st["fn_etag"], "UpdateFunction changes the ETag")
        status, body = http_get(client.get_function_code(svc, fn).data["url"])
        check(status == 200 and body == code_v2, "GetFunctionCode after UpdateFunction serves the new zip")
        fc_error(lambda: client.update_function(svc, fn, description="lost", headers={"if-match": st["fn_etag"]}),
                 412, "PreconditionFailed", "UpdateFunction with a stale If-Match")

    # -------------------------------------------------------------------------------- versions, aliases ----
    def publish_versions():
        r = client.publish_version(svc, description="first")
        eq(r.data.get("versionId"), "1", "PublishVersion versionId (first)")
        eq(r.data.get("description"), "first", "PublishVersion description")
        client.update_function(svc, fn, environmentVariables={"STAGE": "two"})
        service_etag = client.get_service(svc).headers["etag"]
        r = client.publish_version(svc, description="second", headers={"if-match": service_etag})
        eq(r.data.get("versionId"), "2", "PublishVersion versionId (second, with the service ETag as If-Match)")
        r = client.list_versions(svc)
        eq([v["versionId"] for v in r.data.get("versions", [])], ["2", "1"],
           "ListVersions default direction BACKWARD (newest first)")
        r = client.list_versions(svc, limit=1, direction="FORWARD")
        eq([v["versionId"] for v in r.data.get("versions", [])], ["1"], "ListVersions(limit=1, FORWARD) first page")
        check(r.data.get("nextToken"), f"ListVersions(limit=1) must give a nextToken: {r.data}")
        r = client.list_versions(svc, limit=1, direction="FORWARD", nextToken=r.data["nextToken"])
        eq([v["versionId"] for v in r.data.get("versions", [])], ["2"], "ListVersions second page")

    def read_versions():
        # Versions are service snapshots read through {service}.{version} (alibaba-fc.md §6.4).
        eq(client.get_function(svc, fn, qualifier="1").data.get("environmentVariables"), {"STAGE": "one"},
           "GetFunction(qualifier=1) reads the snapshot of version 1")
        eq(client.get_function(svc, fn, qualifier="2").data.get("environmentVariables"), {"STAGE": "two"},
           "GetFunction(qualifier=2)")
        eq(client.get_service(svc, qualifier="1").data.get("serviceName"), svc, "GetService(qualifier=1)")
        status, body = http_get(client.get_function_code(svc, fn, qualifier="1").data["url"])
        check(status == 200 and body == code_v2, "GetFunctionCode(qualifier=1) serves the code frozen in version 1")
        fc_error(lambda: client.get_service(svc, qualifier="99"), 404, "VersionNotFound", "GetService(qualifier=99)")

    def create_alias():
        r = client.create_alias(svc, "prod", "2", description="production", additionalVersionWeight={"1": 0.2})
        d = r.data
        eq((d.get("aliasName"), d.get("versionId")), ("prod", "2"), "CreateAlias aliasName, versionId")
        eq(d.get("additionalVersionWeight"), {"1": 0.2}, "CreateAlias additionalVersionWeight")
        st["alias_etag"] = etag_of(r, "CreateAlias")
        client.create_alias(svc, "stable", "1")

    def get_list_update_alias():
        r = client.get_alias(svc, "prod")
        eq((r.data.get("versionId"), r.data.get("description")), ("2", "production"), "GetAlias")
        eq(r.data.get("additionalVersionWeight"), {"1": 0.2}, "GetAlias additionalVersionWeight")
        r = client.list_aliases(svc, limit=1)
        eq([a["aliasName"] for a in r.data.get("aliases", [])], ["prod"], "ListAliases(limit=1) first page")
        r = client.list_aliases(svc, limit=1, nextToken=r.data.get("nextToken"))
        eq([a["aliasName"] for a in r.data.get("aliases", [])], ["stable"], "ListAliases second page")
        r = client.update_alias(svc, "prod", "2", additionalVersionWeight={"1": 0.5},
                                headers={"if-match": st["alias_etag"]})
        eq(r.data.get("additionalVersionWeight"), {"1": 0.5}, "UpdateAlias additionalVersionWeight")
        eq(client.get_service(svc, qualifier="prod").data.get("serviceName"), svc, "GetService(qualifier=prod)")
        fc_error(lambda: client.create_alias(svc, "bad", "2", additionalVersionWeight={"1": 1.5}),
                 400, "InvalidArgument", "CreateAlias with a weight above 1")
        fc_error(lambda: client.create_alias(svc, "ghost", "42"), 404, "VersionNotFound",
                 "CreateAlias on a missing version")

    # ------------------------------------------------------------------------------------------ triggers ----
    def create_triggers():
        timer_cfg = {"cronExpression": "0 0 9 * * ?", "enable": True, "payload": "{\"from\": \"timer\"}"}
        r = client.create_trigger(svc, fn, "timer-1", "timer", timer_cfg, None, None)
        d = r.data
        eq((d.get("triggerName"), d.get("triggerType")), ("timer-1", "timer"), "CreateTrigger(timer)")
        eq(d.get("triggerConfig"), timer_cfg, "CreateTrigger(timer) triggerConfig echoed as an object")
        st["timer_etag"] = etag_of(r, "CreateTrigger")
        http_cfg = {"authType": "function", "methods": ["GET", "POST"]}
        r = client.create_trigger(svc, fn, "http-1", "http", http_cfg, None, None, qualifier="prod",
                                  description="web")
        eq((r.data.get("triggerType"), r.data.get("qualifier")), ("http", "prod"), "CreateTrigger(http)")
        eq(r.data.get("triggerConfig"), http_cfg, "CreateTrigger(http) triggerConfig")

    def get_list_update_triggers():
        r = client.get_trigger(svc, fn, "timer-1")
        eq(r.data.get("triggerConfig", {}).get("cronExpression"), "0 0 9 * * ?", "GetTrigger(timer)")
        eq(etag_of(r, "GetTrigger"), st["timer_etag"], "GetTrigger ETag")
        r = client.list_triggers(svc, fn, limit=1)
        first = [t["triggerName"] for t in r.data.get("triggers", [])]
        r = client.list_triggers(svc, fn, limit=1, nextToken=r.data.get("nextToken"))
        eq(first + [t["triggerName"] for t in r.data.get("triggers", [])], ["http-1", "timer-1"],
           "ListTriggers(limit=1) pages")
        new_cfg = {"cronExpression": "0 30 9 * * ?", "enable": False, "payload": "{}"}
        r = client.update_trigger(svc, fn, "timer-1", triggerConfig=new_cfg, headers={"if-match": st["timer_etag"]})
        eq(r.data.get("triggerConfig"), new_cfg, "UpdateTrigger triggerConfig")
        r = client.update_trigger(svc, fn, "http-1", description="web v2")
        eq(r.data.get("description"), "web v2", "UpdateTrigger(http) description")
        fc_error(lambda: client.update_trigger(svc, fn, "timer-1", description="x",
                                               headers={"if-match": st["timer_etag"]}),
                 412, "PreconditionFailed", "UpdateTrigger with a stale If-Match")

    def delete_triggers():
        fc_error(lambda: client.delete_function(svc, fn), 409, "FunctionNotEmpty",
                 "DeleteFunction while it has triggers")
        deleted(lambda: client.delete_trigger(svc, fn, "timer-1"), "DeleteTrigger")
        trigger_etag = client.get_trigger(svc, fn, "http-1").headers["etag"]
        deleted(lambda: client.delete_trigger(svc, fn, "http-1", headers={"if-match": trigger_etag}),
                "DeleteTrigger(If-Match)")
        eq(client.list_triggers(svc, fn).data.get("triggers"), [], "ListTriggers after deleting both")
        fc_error(lambda: client.get_trigger(svc, fn, "timer-1"), 404, "TriggerNotFound", "GetTrigger after delete")

    def http_trigger_proxy():
        # The HTTP trigger needs signed requests (authType function): do_http_request is the only fc2 call that
        # signs the query (official-sdks.md §1.4, §1.10; alibaba-fc.md §3.4 b, §5.13).
        r = client.do_http_request("POST", f"{svc}.prod", fn, "/hello world/ü",
                                   params={"q": "a b", "x": ["2", "1"], "plus": "c+d/e"}, body=b"ping")
        check(r.status_code == 200, f"POST through the HTTP trigger: {r.status_code} {r.text[:300]}")
        eq(r.content, b"ping", "the HTTP trigger returns what the (echo) function returns")
        wrong = fc2.Client(endpoint=url, accessKeyID=ACCESS_KEY_ID, accessKeySecret="wrong-secret")
        r = wrong.do_http_request("GET", f"{svc}.prod", fn, "/hello", params={"q": "1"})
        eq(r.status_code, 403, "an authType=function HTTP trigger refuses a bad signature")
        eq(r.json().get("ErrorCode"), "SignatureNotMatch", "HTTP trigger bad signature ErrorCode")

    def tags():
        # JSON body on DELETE (untag_resource) and JSON bodies on tag/untag answers (official-sdks.md §4 4, 20).
        arn = f"acs:fc:{REGION}:{ACCOUNT_ID}:services/{svc}"
        client.tag_resource(arn, {"team": "interop", "tier": "gold"})
        r = client.get_resource_tags(arn)
        eq(r.data.get("tags"), {"team": "interop", "tier": "gold"}, "GetResourceTags after TagResource")
        client.untag_resource(arn, ["tier"])
        eq(client.get_resource_tags(arn).data.get("tags"), {"team": "interop"}, "GetResourceTags after UntagResource")
        client.untag_resource(arn, [], deleteAll=True)
        eq(client.get_resource_tags(arn).data.get("tags") or {}, {}, "GetResourceTags after UntagResource(all)")

    # ------------------------------------------------------------------------------ async invoke config ----
    dest_ok = f"acs:mns:{REGION}:{ACCOUNT_ID}:/queues/ok/messages"
    dest_fail = f"acs:fc:{REGION}:{ACCOUNT_ID}:services/{svc}.LATEST/functions/{boom}"

    def async_config():
        cfg = {"destinationConfig": {"onSuccess": {"destination": dest_ok}, "onFailure": {"destination": dest_fail}},
               "maxAsyncEventAgeInSeconds": 300, "maxAsyncRetryAttempts": 2}
        r = client.put_function_async_invoke_config(svc, "prod", fn, cfg)
        eq(r.data.get("destinationConfig"), cfg["destinationConfig"], "PutFunctionAsyncInvokeConfig destinations")
        eq((r.data.get("maxAsyncEventAgeInSeconds"), r.data.get("maxAsyncRetryAttempts")), (300, 2),
           "PutFunctionAsyncInvokeConfig limits")
        eq(r.data.get("qualifier"), "prod", "PutFunctionAsyncInvokeConfig qualifier")
        # Upsert: only the fields sent change (alibaba-fc.md §5.9).
        r = client.put_function_async_invoke_config(svc, "prod", fn, {"maxAsyncRetryAttempts": 1})
        eq(r.data.get("maxAsyncRetryAttempts"), 1, "second Put changes maxAsyncRetryAttempts")
        eq(r.data.get("destinationConfig"), cfg["destinationConfig"], "second Put keeps the destinations")
        client.put_function_async_invoke_config(svc, "LATEST", fn, {"maxAsyncRetryAttempts": 0})
        r = client.get_function_async_invoke_config(svc, "prod", fn)
        eq((r.data.get("maxAsyncEventAgeInSeconds"), r.data.get("maxAsyncRetryAttempts")), (300, 1),
           "GetFunctionAsyncInvokeConfig")
        eq(r.data.get("destinationConfig", {}).get("onFailure"), {"destination": dest_fail},
           "GetFunctionAsyncInvokeConfig onFailure")
        quals, token = [], None
        for _ in range(4):
            r = client.list_function_async_invoke_configs(svc, fn, limit=1, nextToken=token)
            quals += [c.get("qualifier") for c in r.data.get("configs", [])]
            token = r.data.get("nextToken")
            if not token:
                break
        eq(sorted(quals), ["LATEST", "prod"], "ListFunctionAsyncInvokeConfigs(limit=1) pages")
        deleted(lambda: client.delete_function_async_invoke_config(svc, "LATEST", fn),
                "DeleteFunctionAsyncInvokeConfig")
        r = client.list_function_async_invoke_configs(svc, fn)
        eq([c.get("qualifier") for c in r.data.get("configs", [])], ["prod"], "list after deleting LATEST's config")
        try:
            client.get_function_async_invoke_config(svc, "LATEST", fn)
        except FcError as e:
            eq(e.status_code, 404, "GetFunctionAsyncInvokeConfig after delete: status")
        else:
            raise CheckFailed("GetFunctionAsyncInvokeConfig after delete must fail with 404")

    # ------------------------------------------------------------------------------------------- invoke ----
    def invoke_sync():
        program(url, "fc", svc, fn, {"action": {"kind": "echo"}, "log": "interop log line"})
        payload = b'{"hello": "fc"}'
        r = client.invoke_function(svc, fn, payload=payload,
                                   headers={"x-fc-invocation-type": "Sync", "x-fc-log-type": "Tail"})
        eq(r.data, payload, "InvokeFunction(Sync) echoes the payload")
        check(r.headers.get("x-fc-request-id"), "InvokeFunction must return X-Fc-Request-Id")
        log = r.headers.get("x-fc-log-result")
        check(log is not None, f"x-fc-log-type: Tail must return X-Fc-Log-Result; headers {dict(r.headers)}")
        try:
            text = base64.b64decode(log, validate=True).decode("utf-8")
        except Exception as e:  # noqa: BLE001
            raise CheckFailed(f"X-Fc-Log-Result must be base64 (alibaba-fc.md §2.3): {log!r} ({e})") from e
        check("interop log line" in text, f"the log tail must hold the function's log, got {text!r}")
        r = client.invoke_function(svc, fn, payload=payload)
        eq(r.data, payload, "InvokeFunction with no invocation type (default Sync)")
        check(r.headers.get("x-fc-log-result") is None, "no X-Fc-Log-Result without x-fc-log-type: Tail")
        binary = bytes(range(256))
        eq(client.invoke_function(svc, fn, payload=binary).data, binary,
           "InvokeFunction echoes non-JSON bytes sent as content-type application/json")
        eq(client.invoke_function(svc, fn, payload=payload, qualifier="prod").data, payload,
           "InvokeFunction through the alias prod")
        eq(client.invoke_function(svc, fn, payload=payload, qualifier="1").data, payload,
           "InvokeFunction of version 1")

    def invoke_async():
        r = client.invoke_function(svc, fn, payload=b'{"async": true}', headers={"x-fc-invocation-type": "Async"})
        eq(last_response().status_code, 202, "InvokeFunction(Async) status (alibaba-fc.md §5.2)")
        eq(r.data, b"", "InvokeFunction(Async) answers 202 with no body")
        check(r.headers.get("x-fc-request-id"), "InvokeFunction(Async) must return X-Fc-Request-Id")
        # An async event is at most 128 KB (alibaba-fc.md §5.2: 400 EntityTooLarge); this one is 200 KB.
        fc_error(lambda: client.invoke_function(svc, fn, payload=b"x" * (200 * 1024),
                                                headers={"x-fc-invocation-type": "Async"}),
                 400, "EntityTooLarge", "an async payload of 200 KB")

    def invoke_function_error():
        for kind, error_type in (("handled_error", "HandledInvocationError"),
                                 ("unhandled_error", "UnhandledInvocationError")):
            program(url, "fc", svc, boom, {"action": {"kind": kind, "message": "boom"}})
            try:
                client.invoke_function(svc, boom, payload=b"{}")
            except FcError as e:
                eq(e.status_code, 200, f"{kind}: a function error is an HTTP 200 (alibaba-fc.md §4.4)")
                body = json.loads(e.message)
                eq(body.get("errorMessage"), "boom", f"{kind}: error body errorMessage")
            else:
                raise CheckFailed(f"{kind}: invoke_function must raise FcError when X-Fc-Error-Type is set")
            # The public method hides the header; the SDK's own request path shows it.
            path = f"/2016-08-15/services/{svc}/functions/{boom}/invocations"
            raw = client._do_request("POST", path, client._build_common_headers("POST", path, {}), body=b"{}")
            eq(raw.status_code, 200, f"{kind}: status")
            eq(raw.headers.get("x-fc-error-type"), error_type, f"{kind}: X-Fc-Error-Type")

    # -------------------------------------------------------------------------------------------- errors ----
    def error_cases():
        e = fc_error(lambda: client.get_service(f"{svc}-missing"), 404, "ServiceNotFound", "GetService(missing)")
        check(f"{svc}-missing" in json.loads(e.message)["ErrorMessage"], "ServiceNotFound message names the service")
        fc_error(lambda: client.get_function(svc, "missing"), 404, "FunctionNotFound", "GetFunction(missing)")
        fc_error(lambda: client.get_function(f"{svc}-missing", fn), 404, "ServiceNotFound",
                 "GetFunction in a missing service (outer resource first)")
        fc_error(lambda: client.get_alias(svc, "missing"), 404, "AliasNotFound", "GetAlias(missing)")
        fc_error(lambda: client.create_service(svc), 409, "ServiceAlreadyExists", "CreateService(duplicate)")
        fc_error(lambda: client.create_function(svc, fn, "python3.9", "index.handler", codeZipFile=zip_v1),
                 409, "FunctionAlreadyExists", "CreateFunction(duplicate)")
        fc_error(lambda: client.create_alias(svc, "prod", "1"), 409, "AliasAlreadyExists", "CreateAlias(duplicate)")
        fc_error(lambda: client.delete_service(svc), 409, "ServiceNotEmpty", "DeleteService with functions")

    def auth_errors():
        wrong = fc2.Client(endpoint=url, accessKeyID=ACCESS_KEY_ID, accessKeySecret="wrong-secret")
        fc_error(lambda: wrong.get_service(svc), 403, "SignatureNotMatch", "a wrong secret")
        unknown = fc2.Client(endpoint=url, accessKeyID="no-such-key", accessKeySecret=ACCESS_KEY_SECRET)
        fc_error(lambda: unknown.get_service(svc), 403, "InvalidAccessKeyID", "an unknown access key id")
        # official-sdks.md §4 17: a caller's capitalised Content-Type is sent but the lower-case default is signed.
        fc_error(lambda: client.invoke_function(svc, fn, payload=b"x", headers={"Content-Type": "text/plain"}),
                 403, "SignatureNotMatch", "the fc2 Content-Type casing bug (signature over another content-type)")
        # §4 18: retries resend the identical Date and signature; they are not replays to refuse.
        path = f"/2016-08-15/services/{svc}"
        signed = client._build_common_headers("GET", path, {})
        for attempt in (1, 2):
            r = client._do_request("GET", path, dict(signed))
            eq(r.json().get("serviceName"), svc, f"the same signed GetService sent again (attempt {attempt})")
        stale = email.utils.formatdate(time.time() - 3600, usegmt=True)
        fc_error(lambda: client.get_service(svc, headers={"date": stale}), 403, "RequestTimeTooSkewed",
                 "a Date one hour old (signed correctly)")

    # ------------------------------------------------------------------------------------------- cleanup ----
    def delete_everything():
        client.delete_function_async_invoke_config(svc, "prod", fn)
        deleted(lambda: client.delete_alias(svc, "stable"), "DeleteAlias")
        client.delete_alias(svc, "prod")
        fc_error(lambda: client.get_alias(svc, "prod"), 404, "AliasNotFound", "GetAlias after delete")
        deleted(lambda: client.delete_version(svc, "1"), "DeleteVersion")
        client.delete_version(svc, "2")
        eq(client.list_versions(svc).data.get("versions"), [], "ListVersions after deleting both")
        deleted(lambda: client.delete_function(svc, boom), "DeleteFunction")
        client.delete_function(svc, fn, headers={"if-match": client.get_function(svc, fn).headers["etag"]})
        fc_error(lambda: client.get_function(svc, fn), 404, "FunctionNotFound", "GetFunction after delete")
        client.delete_service(svc, headers={"if-match": client.get_service(svc).headers["etag"]})
        for name in page_names:
            deleted(lambda name=name: client.delete_service(name), "DeleteService")
        fc_error(lambda: client.get_service(svc), 404, "ServiceNotFound", "GetService after delete")
        eq(client.list_services(prefix=f"interop-{run}").data.get("services"), [], "ListServices after cleanup")

    for name, step in [
        ("create_service", create_service),
        ("get_service", get_service),
        ("get_service_trailing_slash_endpoint", get_service_trailing_slash),
        ("list_services_paging", list_services_paging),
        ("update_service", update_service),
        ("update_service_if_match", update_service_if_match),
        ("update_service_stale_if_match", update_service_stale_if_match),
        ("create_function_zip", create_function),
        ("get_function", get_function),
        ("list_functions_paging", list_functions_paging),
        ("get_function_code_download", get_function_code_download),
        ("update_function", update_function),
        ("publish_versions", publish_versions),
        ("read_version_snapshots", read_versions),
        ("create_alias_with_weight", create_alias),
        ("get_list_update_alias", get_list_update_alias),
        ("create_triggers_timer_http", create_triggers),
        ("get_list_update_triggers", get_list_update_triggers),
        ("http_trigger_proxy_signed", http_trigger_proxy),
        ("delete_triggers", delete_triggers),
        ("tags_json_body_on_delete", tags),
        ("async_invoke_config", async_config),
        ("invoke_sync_echo_log_tail", invoke_sync),
        ("invoke_async", invoke_async),
        ("invoke_function_error", invoke_function_error),
        ("error_cases", error_cases),
        ("auth_errors", auth_errors),
        ("delete_everything", delete_everything),
    ]:
        steps.run(name, step)
    steps.finish()


if __name__ == "__main__":
    main()
