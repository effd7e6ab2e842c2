import Testing
@testable import FuseSampling

@Suite("Source specs from the command line")
struct SourceSpecTests {
    @Test("a local source with its batch and decode arithmetic")
    func local() throws {
        let spec = try SourceSpec(parsing: "name=smol,local=smollm2-135m-instruct,batch=4,activations=int8,n=3")
        #expect(spec.local == "smollm2-135m-instruct")
        #expect(spec.url.isEmpty)
        #expect(spec.batch == 4)
        #expect(spec.activations == .int8)
        #expect(spec.n == 3)
        #expect(try SourceSpec(parsing: "name=smol,local=x").activations == nil)
    }

    @Test("bad input names the field and what was expected", arguments: [
        ("name=a,local=m,activations=int4", "activations=int4: expected float32 or int8"),
        ("name=a,local=m,url=http://h/v1", "either url or local"),
        ("name=a,url=http://h/v1,batchsize=3", "unknown key 'batchsize'"),
        ("name=a,url=http://h/v1,n=many", "n=many: expected Int"),
        ("name=a,local", "'local' is not key=value"),
        ("url=http://h/v1", "missing name="),
    ])
    func errors(text: String, message: String) {
        #expect {
            try SourceSpec(parsing: text)
        } throws: { error in
            (error as? SourceSpecError)?.description.contains(message) == true
        }
    }
}
