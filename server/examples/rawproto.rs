use std::sync::Arc;
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::TcpListener;

fn main() {
    let rt = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .unwrap();
    rt.block_on(async {
        let db = Arc::new(dynakv::Database::in_memory().unwrap());
        let l = TcpListener::bind("127.0.0.1:18710").await.unwrap();
        loop {
            let (mut s, _) = l.accept().await.unwrap();
            s.set_nodelay(true).unwrap();
            let db = db.clone();
            tokio::spawn(async move {
                let mut buf = vec![0u8; 65536];
                let mut filled = 0;
                let mut out = Vec::with_capacity(4096);
                loop {
                    let n = match s.read(&mut buf[filled..]).await { Ok(0) | Err(_) => return, Ok(n) => n };
                    filled += n;
                    loop {
                        let mut hs = [httparse::EMPTY_HEADER; 32];
                        let mut req = httparse::Request::new(&mut hs);
                        let head = match req.parse(&buf[..filled]) { Ok(httparse::Status::Complete(h)) => h, _ => break };
                        let mut cl = 0; let mut target = "";
                        for h in req.headers.iter() {
                            if h.name.eq_ignore_ascii_case("content-length") { cl = std::str::from_utf8(h.value).unwrap().parse().unwrap(); }
                            if h.name.eq_ignore_ascii_case("x-amz-target") { target = std::str::from_utf8(h.value).unwrap(); }
                        }
                        if filled < head + cl { break; }
                        let op = target.rsplit('.').next().unwrap_or("").to_string();
                        let body = &buf[head..head + cl];
                        let resp = match db.handle_json(&op, body) { Ok(v) => v, Err(e) => format!("{{\"message\":\"{}\"}}", e).into_bytes() };
                        out.clear();
                        let crc = crc32fast::hash(&resp);
                        use std::io::Write;
                        write!(out, "HTTP/1.1 200 OK\r\nx-amzn-requestid: ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789ABCDEFGHIJKLMNOP\r\nx-amz-crc32: {}\r\ncontent-type: application/x-amz-json-1.0\r\nserver: Server\r\ncontent-length: {}\r\n\r\n", crc, resp.len()).unwrap();
                        out.extend_from_slice(&resp);
                        if s.write_all(&out).await.is_err() { return; }
                        buf.copy_within(head + cl..filled, 0);
                        filled -= head + cl;
                    }
                }
            });
        }
    });
}
