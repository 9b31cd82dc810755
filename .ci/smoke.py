"""In headless Chromium: logs in as the demo administrator, saves aliases typed on separate lines, takes Châu Thành's
plan from its Word-era document to an issued plan with a timeline, records and undoes a restructuring event, previews
a restructuring table and cancels it, checks every page fits a 390 px phone, has a citizen answer a survey there and take
a contest (the timer kept by the server across a reload), sees the entry ranked, and has a citizen's question answered,
approved and found on the public Q&A page."""
import os
import sys
import tempfile
from selenium import webdriver
from selenium.webdriver.chrome.service import Service
from selenium.webdriver.common.by import By
from selenium.webdriver.common.keys import Keys
from selenium.common.exceptions import StaleElementReferenceException, WebDriverException
from selenium.webdriver.support.ui import Select, WebDriverWait as _WebDriverWait


def WebDriverWait(driver, seconds):
    """A wait that looks again when the page it was reading is replaced mid-check (a click that navigates): Chromium
    reports that either as a stale element or as "Node with given id does not belong to the document". A condition
    that never holds still fails, with a timeout."""
    return _WebDriverWait(driver, seconds, ignored_exceptions=[StaleElementReferenceException, WebDriverException])


base = sys.argv[1]
options = webdriver.ChromeOptions()
options.binary_location = "/usr/bin/chromium"
for arg in ["--headless=new", "--no-sandbox", "--disable-dev-shm-usage", "--disable-gpu"]:
    options.add_argument(arg)
driver = webdriver.Chrome(service=Service("/usr/bin/chromedriver"), options=options)
try:
    driver.get(base + "/login")
    assert "Đăng nhập" in driver.page_source, "login page is not Vietnamese"
    driver.find_element(By.NAME, "username").send_keys("admin")
    driver.find_element(By.NAME, "password").send_keys("cchc2025")
    driver.find_element(By.CSS_SELECTOR, "form button[type=submit]").click()
    WebDriverWait(driver, 15).until(lambda d: "Tổng quan" in d.title)
    heading = driver.find_element(By.TAG_NAME, "h1").text
    assert "Sóc Trăng" in heading, f"dashboard heading is {heading!r}"
    driver.get(base + "/units/search?q=phong+noi+vu")
    assert "Phòng Nội vụ huyện Châu Thành" in driver.page_source
    print("smoke: logged in, dashboard shows", heading)

    # Aliases typed on separate lines in the browser (which sends CRLF) are saved as separate aliases.
    driver.find_element(By.LINK_TEXT, "Phòng Nội vụ huyện Châu Thành").click()
    WebDriverWait(driver, 15).until(lambda d: "Phòng Nội vụ huyện Châu Thành" in d.title)
    driver.find_element(By.LINK_TEXT, "Sửa đơn vị").click()
    WebDriverWait(driver, 15).until(lambda d: "Sửa đơn vị" in d.title)
    box = driver.find_element(By.NAME, "aliases")
    box.clear()
    box.send_keys("PNV huyện Châu Thành")
    box.send_keys(Keys.ENTER)
    box.send_keys("Phòng NV Châu Thành")
    box.send_keys(Keys.ENTER)
    box.send_keys("Nội vụ CT")
    driver.find_element(By.CSS_SELECTOR, "form.form button[type=submit]").click()
    WebDriverWait(driver, 15).until(lambda d: "Đã lưu thay đổi" in d.page_source)
    tags = [t.text for t in driver.find_elements(By.CSS_SELECTOR, "span.tag")]
    assert sorted(tags) == sorted(["PNV huyện Châu Thành", "Phòng NV Châu Thành", "Nội vụ CT"]), f"aliases saved as {tags!r}"
    print("smoke: aliases typed on three lines saved as", tags)

    # A plan owner uploads Châu Thành's plan, settles the names the registry could not place, issues it and opens the timeline.
    driver.delete_all_cookies()
    driver.get(base + "/login")
    driver.find_element(By.NAME, "username").send_keys("chauthanh.kehoach")
    driver.find_element(By.NAME, "password").send_keys("cchc2025")
    driver.find_element(By.CSS_SELECTOR, "form button[type=submit]").click()
    WebDriverWait(driver, 15).until(lambda d: "Tổng quan" in d.title)
    driver.get(base + "/plans/import")
    seed = os.path.abspath(os.path.join(os.path.dirname(__file__), "..", "Resources", "Demo", "ke-hoach-chau-thanh-2025.txt"))
    driver.find_element(By.NAME, "file").send_keys(seed)
    driver.find_element(By.CSS_SELECTOR, "form.form button[type=submit]").click()
    WebDriverWait(driver, 30).until(lambda d: "Đơn vị trong kế hoạch" in d.title)
    assert "Đã lưu dự thảo kế hoạch" in driver.page_source
    rows = driver.find_elements(By.CSS_SELECTOR, "form.form tbody tr")
    assert len(rows) > 5, f"only {len(rows)} names to check"
    unplaced = [r for r in rows if "Chưa xác định" in r.text]
    for row in unplaced:
        row.find_element(By.CSS_SELECTOR, "input[name$='[ignore]']").click()
    driver.find_element(By.CSS_SELECTOR, "form.form button[type=submit]").click()
    WebDriverWait(driver, 15).until(lambda d: "Đã cập nhật" in d.page_source or "Không có thay đổi" in d.page_source)
    print(f"smoke: plan uploaded; {len(rows)} names, {len(unplaced)} marked as no specific unit")
    driver.find_element(By.LINK_TEXT, "Xem kế hoạch").click()
    WebDriverWait(driver, 15).until(lambda d: "KẾ HOẠCH" in d.page_source)
    driver.find_element(By.PARTIAL_LINK_TEXT, "Ban hành").click()
    WebDriverWait(driver, 15).until(lambda d: "Ban hành kế hoạch" in d.title)
    for name, value in [("number", "23/KH-UBND"), ("issuedOn", "14/02/2025"), ("signerName", "Trần Văn Lâu")]:
        box = driver.find_element(By.NAME, name)
        box.clear()
        box.send_keys(value)
    driver.find_element(By.CSS_SELECTOR, "form.form button[type=submit]").click()
    WebDriverWait(driver, 15).until(lambda d: "Đã ban hành kế hoạch" in d.page_source)
    plan_url = driver.current_url
    driver.find_element(By.LINK_TEXT, "Tiến độ").click()
    WebDriverWait(driver, 15).until(lambda d: "Tiến độ" in d.title)
    bars = driver.find_elements(By.CSS_SELECTOR, "svg.timeline rect.bar")
    assert len(bars) == 13, f"timeline has {len(bars)} bars"
    assert all(float(b.get_attribute("width")) > 0 for b in bars)
    print("smoke: plan issued; timeline draws", len(bars), "tasks")

    # The timeframe of a task is read back as it is typed (the page's script asks the server).
    driver.get(plan_url)
    driver.find_elements(By.LINK_TEXT, "Sửa")[0].click()
    WebDriverWait(driver, 15).until(lambda d: "Sửa nhiệm vụ" in d.title)
    box = driver.find_element(By.NAME, "timeframe")
    box.clear()
    box.send_keys("Tháng 5-10/2025")
    WebDriverWait(driver, 10).until(lambda d: "05/2025–10/2025" in d.find_element(By.CSS_SELECTOR, "[data-timeframe-output]").text)
    print("smoke: timeframe read live as", driver.find_element(By.CSS_SELECTOR, "[data-timeframe-output]").text)
    plan_path = plan_url[len(base):]

    def sign_in(username):
        driver.delete_all_cookies()
        driver.get(base + "/login")
        driver.find_element(By.NAME, "username").send_keys(username)
        driver.find_element(By.NAME, "password").send_keys("cchc2025")
        driver.find_element(By.CSS_SELECTOR, "form button[type=submit]").click()
        WebDriverWait(driver, 15).until(lambda d: "Tổng quan" in d.title)

    def progress():
        driver.get(plan_url)
        return driver.find_element(By.CSS_SELECTOR, ".stats.progress .stat strong").text

    # A unit reporter records an article with a PDF, completes the assignment and sees the plan's progress move;
    # the plan owner rejects the evidence and the reporter sees why.
    sign_in("chauthanh.pnv")
    before = progress()
    driver.get(base + "/work")
    driver.find_element(By.CSS_SELECTOR, "td[data-label='Nhiệm vụ'] a").click()
    WebDriverWait(driver, 15).until(lambda d: "Phân công" in d.title)
    assignment_url = driver.current_url
    pdf = os.path.join(tempfile.mkdtemp(), "bai-viet.pdf")
    with open(pdf, "wb") as f:
        f.write(b"%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\nstartxref\n9\n%%EOF\n")
    driver.find_element(By.NAME, "title").send_keys("Bài viết: một cửa liên thông ở Châu Thành")
    driver.find_element(By.NAME, "link").send_keys("https://chauthanh.soctrang.gov.vn/tin/mot-cua")
    driver.find_element(By.NAME, "file").send_keys(os.path.abspath(pdf))
    driver.find_element(By.XPATH, "//button[text()='Ghi nhận']").click()
    WebDriverWait(driver, 15).until(lambda d: "Đã ghi nhận hoạt động" in d.page_source)
    driver.find_element(By.XPATH, "//button[text()='Đánh dấu hoàn thành']").click()
    WebDriverWait(driver, 15).until(lambda d: "Đã đánh dấu hoàn thành" in d.page_source)
    after = progress()
    assert after != before, f"progress stayed at {after}"
    print(f"smoke: article with a PDF recorded; progress {before} → {after}")
    sign_in("chauthanh.kehoach")
    driver.get(assignment_url)
    driver.find_element(By.NAME, "note").send_keys("Thiếu ảnh chụp bài đăng trên trang")
    driver.find_element(By.XPATH, "//button[text()='Trả lại']").click()
    WebDriverWait(driver, 15).until(lambda d: "Bị trả lại" in d.page_source)
    sign_in("chauthanh.pnv")
    driver.get(assignment_url)
    assert "Thiếu ảnh chụp bài đăng trên trang" in driver.page_source and "Bị trả lại" in driver.page_source
    assert progress() == before, "the rejection did not reopen the assignment"
    print("smoke: the plan owner rejected the evidence; the reporter sees why and the assignment is open again")

    # Periodic report: the reporter opens its first-quarter report, writes the narrative and submits; the plan owner
    # returns it with a comment; the reporter sees why, fixes it and submits again; the plan owner accepts it and
    # downloads the district's consolidated report as .docx.
    sign_in("chauthanh.pnv")
    driver.get(base + "/reports?period=q1")
    driver.find_element(By.CSS_SELECTOR, "main a[href^='/reports/']").click()
    WebDriverWait(driver, 15).until(lambda d: "quý I" in d.title)
    report_url = driver.current_url

    def write_and_submit(text):
        driver.find_element(By.NAME, "results").send_keys(text)
        driver.find_element(By.CSS_SELECTOR, "#narrative button[type=submit]").click()
        WebDriverWait(driver, 15).until(lambda d: "Đã lưu báo cáo" in d.page_source)
        driver.find_element(By.ID, "submit-report").click()
        WebDriverWait(driver, 15).until(lambda d: "Đã nộp báo cáo" in d.page_source)

    write_and_submit("Đã đăng tin về một cửa liên thông trên trang của huyện.")
    sign_in("chauthanh.kehoach")
    driver.get(report_url)
    driver.find_element(By.NAME, "note").send_keys("Bổ sung số lượt người xem tin bài")
    driver.find_element(By.XPATH, "//button[text()='Trả lại']").click()
    WebDriverWait(driver, 15).until(lambda d: "Đã trả lại báo cáo" in d.page_source)
    sign_in("chauthanh.pnv")
    driver.get(report_url)
    assert "Bổ sung số lượt người xem tin bài" in driver.find_element(By.ID, "review-note").text
    write_and_submit(" Tin bài có 1.200 lượt xem.")
    sign_in("chauthanh.kehoach")
    driver.get(report_url)
    driver.find_element(By.XPATH, "//button[text()='Duyệt']").click()
    WebDriverWait(driver, 15).until(lambda d: "Đã duyệt báo cáo" in d.page_source)
    assert driver.find_element(By.ID, "report-status").text == "Đã duyệt"
    driver.get(base + "/reports?period=q1")
    driver.find_element(By.CSS_SELECTOR, "main a[href^='/reports/']").click()
    WebDriverWait(driver, 15).until(lambda d: "quý I" in d.title)
    assert "Đã duyệt" in driver.find_element(By.ID, "children").text, "the consolidated report does not show the accepted report"
    docx = driver.find_element(By.PARTIAL_LINK_TEXT, "(.docx)").get_attribute("href")
    fetched = driver.execute_async_script(
        "const done = arguments[arguments.length - 1];"
        "fetch(arguments[0]).then(r => r.arrayBuffer().then(b => done([r.status, r.headers.get('content-type'), b.byteLength])))", docx)
    assert fetched[0] == 200 and "wordprocessingml" in fetched[1] and fetched[2] > 3000, f"consolidated .docx: {fetched}"
    report_pages = [report_url[len(base):], "/reports"]
    print(f"smoke: a quarterly report written, returned, fixed and accepted; the consolidated .docx downloads ({fetched[2]} bytes)")

    # The district's plan owner records a renaming decided for a future date, sees it pending, undoes it; previews a
    # restructuring table and cancels it, so nothing changes.
    sign_in("chauthanh.kehoach")
    driver.get(base + "/registry/events/new")
    Select(driver.find_element(By.NAME, "kind")).select_by_value("rename")
    for name, value in [("effective_on", "01/01/2099"), ("basis_number", "99/QĐ-UBND"), ("basis_date", "01/12/2098"),
                        ("basis_issuer", "Ủy ban nhân dân huyện Châu Thành"), ("sources", "ST-CTH-PNV"),
                        ("new_name", "Phòng Nội vụ và Lao động huyện Châu Thành")]:
        driver.find_element(By.NAME, name).send_keys(value)
    driver.find_element(By.CSS_SELECTOR, "#event-form button[type=submit]").click()
    WebDriverWait(driver, 15).until(lambda d: "Đã ghi sự kiện" in d.page_source)
    assert "Chờ hiệu lực" in driver.page_source and "99/QĐ-UBND" in driver.page_source
    driver.find_element(By.XPATH, "//tr[contains(., '99/QĐ-UBND')]//button[text()='Hủy']").click()
    WebDriverWait(driver, 15).until(lambda d: "Đã hủy sự kiện" in d.page_source)
    assert "Đã hủy" in driver.page_source and "Chờ hiệu lực" not in driver.page_source
    print("smoke: a renaming for 01/01/2099 recorded in the browser, pending, then undone")
    table = os.path.join(tempfile.mkdtemp(), "sap-xep.csv")
    with open(table, "w", encoding="utf-8") as f:
        f.write("Đơn vị cũ,Đơn vị mới,Mã đơn vị mới,Tên viết tắt mới,Hình thức,Đơn vị cấp trên mới,Loại,Cấp,Số văn bản,Ngày văn bản,"
                "Cơ quan ban hành,Ngày hiệu lực,Ghi chú\n"
                "ST-CTH-PNV,Phòng Nội vụ và Lao động huyện Châu Thành,,,Đổi tên,,,,100/QĐ-UBND,01/12/2098,"
                "Ủy ban nhân dân huyện Châu Thành,01/01/2099,\n")
    driver.get(base + "/registry/restructure")
    driver.find_element(By.NAME, "file").send_keys(table)
    driver.find_element(By.CSS_SELECTOR, "form.form button[type=submit]").click()
    WebDriverWait(driver, 15).until(lambda d: "chưa có gì thay đổi" in d.page_source)
    assert "Phòng Nội vụ và Lao động huyện Châu Thành" in driver.page_source and "100/QĐ-UBND" in driver.page_source
    driver.find_element(By.LINK_TEXT, "Hủy").click()
    WebDriverWait(driver, 15).until(lambda d: "Tải bảng lên" in d.page_source and "chưa có gì thay đổi" not in d.page_source)
    driver.get(base + "/registry/events")
    assert "100/QĐ-UBND" not in driver.page_source, "a cancelled preview changed the registry"
    print("smoke: a restructuring table previewed, then cancelled with nothing applied")
    registry_pages = ["/registry/events", "/registry/events/new", "/registry/restructure"]

    # On a 390 px phone no page is wider than the screen (wide tables scroll inside their own box).
    driver.execute_cdp_cmd("Emulation.setDeviceMetricsOverride", {"width": 390, "height": 844, "deviceScaleFactor": 1, "mobile": True})
    for path in ["/", "/users", "/audit", "/units", "/units/search?q=phong", "/account", "/units/import", "/plans", "/work", "/plans/import",
                 plan_path, plan_path + "/timeline", assignment_url[len(base):], "/rollup", "/contests", "/contests/new"]:
        driver.get(base + path)
        width = driver.execute_script("return document.documentElement.scrollWidth")
        assert width <= 390, f"{path} is {width} px wide on a 390 px screen"
    sign_in("chauthanh.kehoach")
    driver.execute_cdp_cmd("Emulation.setDeviceMetricsOverride", {"width": 390, "height": 844, "deviceScaleFactor": 1, "mobile": True})
    for path in registry_pages + report_pages:
        driver.get(base + path)
        width = driver.execute_script("return document.documentElement.scrollWidth")
        assert width <= 390, f"{path} is {width} px wide on a 390 px screen"
    print("smoke: every page fits a 390 px screen")

    # A citizen answers a satisfaction survey on a phone: no account, answers saved as they go, then sent.
    driver.get(base + "/surveys/new?template=sipas")
    driver.find_element(By.CSS_SELECTOR, "form.form button[type=submit]").click()
    WebDriverWait(driver, 15).until(lambda d: "/surveys/" in d.current_url and d.find_elements(By.CSS_SELECTOR, "a[href*='/s/']"))
    survey_url = driver.current_url
    link = driver.find_element(By.CSS_SELECTOR, "a[href*='/s/']").get_attribute("href")
    driver.delete_all_cookies()
    driver.get(link)
    size = driver.execute_script("return document.documentElement.outerHTML.length")
    assert size < 50000, f"the public survey page is {size} characters"
    width = driver.execute_script("return document.documentElement.scrollWidth")
    assert width <= 390, f"the public survey page is {width} px wide on a 390 px screen"
    def choose(name, value):
        driver.execute_script("arguments[0].click()", driver.find_element(By.CSS_SELECTOR, f"input[name='{name}'][value='{value}']"))
    choose("q1", "0")
    choose("q3", "5")
    WebDriverWait(driver, 15).until(lambda d: "Đã lưu tạm" in d.find_element(By.ID, "saved").text)
    driver.get(link)  # the connection drops; the citizen opens the link again
    assert driver.find_element(By.CSS_SELECTOR, "input[name='q3'][value='5']").is_selected(), "the saved answer did not come back"
    for n in range(4, 13):
        choose(f"q{n}", "4")
    driver.find_element(By.CSS_SELECTOR, "#survey-form button[type=submit]").click()
    WebDriverWait(driver, 15).until(lambda d: "Cảm ơn" in d.find_element(By.TAG_NAME, "h1").text)
    sign_in("chauthanh.kehoach")
    driver.get(survey_url)
    stats = driver.find_element(By.CSS_SELECTOR, ".stats").text
    assert "1\nphiếu hoàn thành" in stats or "1 phiếu hoàn thành" in stats, stats
    print("smoke: a citizen answered the SIPAS survey on a 390 px phone; the half-filled answers survived a reload")

    # A contest: the organiser pastes the bank and opens a round (closing in two or three minutes); a citizen enters on
    # a phone, answers, reloads (the server's clock goes on, the answer is kept), submits and sees the score; the
    # organiser's page ranks the entry; once the round has closed the organiser publishes and the ranking says so.
    from datetime import datetime, timedelta, timezone
    vietnam = timezone(timedelta(hours=7))
    driver.get(base + "/contests/new")
    driver.find_element(By.CSS_SELECTOR, "form.form button[type=submit]").click()
    WebDriverWait(driver, 15).until(lambda d: "Đã tạo cuộc thi" in d.page_source)
    contest_url = driver.current_url
    driver.find_element(By.NAME, "text").send_keys(
        "Câu 1. Cổng Dịch vụ công quốc gia có địa chỉ nào?\nA. dichvucong.gov.vn\nB. chinhphu.vn\nĐáp án: A\n"
        "Câu 2. Cơ quan nào tham mưu về cải cách hành chính ở tỉnh?\nA. Sở Tư pháp\nB. Sở Nội vụ\nĐáp án: B\n")
    driver.find_element(By.XPATH, "//button[text()='Nạp ngân hàng câu hỏi']").click()
    WebDriverWait(driver, 15).until(lambda d: "Đã nạp 2 câu hỏi" in d.page_source)
    now = datetime.now(vietnam)
    for name, value in [("opens", (now - timedelta(hours=1)).strftime("%d/%m/%Y %H:%M")), ("closes", (now + timedelta(minutes=3)).strftime("%d/%m/%Y %H:%M"))]:
        driver.find_element(By.NAME, name).send_keys(value)
    questions = driver.find_element(By.NAME, "questions")
    questions.clear()
    questions.send_keys("2")
    driver.find_element(By.XPATH, "//button[text()='Thêm vòng']").click()
    WebDriverWait(driver, 15).until(lambda d: "Đã thêm vòng thi" in d.page_source and "Đang mở" in d.page_source)
    contest_link = driver.find_element(By.CSS_SELECTOR, "a[href*='/thi/']").get_attribute("href")
    driver.delete_all_cookies()
    driver.execute_cdp_cmd("Emulation.setDeviceMetricsOverride", {"width": 390, "height": 844, "deviceScaleFactor": 1, "mobile": True})
    driver.get(contest_link)
    assert driver.execute_script("return document.documentElement.outerHTML.length") < 50000
    assert driver.execute_script("return document.documentElement.scrollWidth") <= 390, "the contest entry page is wider than 390 px"
    driver.find_element(By.NAME, "name").send_keys("Nguyễn Thị Hoa")
    driver.find_element(By.NAME, "cccd").send_keys("094 123 456 789")
    # The round is for staff and citizens, each with a set of its own: the citizen says which they are.
    driver.execute_script("arguments[0].click()", driver.find_element(By.CSS_SELECTOR, "input[name='audience'][value='citizens']"))
    driver.execute_script("arguments[0].click()", driver.find_element(By.NAME, "consent"))
    driver.find_element(By.CSS_SELECTOR, "form button[type=submit]").click()
    WebDriverWait(driver, 15).until(lambda d: d.find_elements(By.ID, "timer"))
    assert "class=\"right\"" not in driver.page_source, "the right answers reached the browser before the attempt closed"
    assert driver.execute_script("return document.documentElement.scrollWidth") <= 390, "the contest page is wider than 390 px"
    before = int(driver.find_element(By.ID, "timer").get_attribute("data-seconds"))
    driver.execute_script("arguments[0].click()", driver.find_element(By.CSS_SELECTOR, "input[name='q1'][value='0']"))
    WebDriverWait(driver, 15).until(lambda d: "Đã lưu câu trả lời" in d.find_element(By.ID, "saved").text)
    import time
    time.sleep(2)
    driver.get(contest_link)  # the citizen opens the link again: the same attempt, the clock has gone on
    WebDriverWait(driver, 15).until(lambda d: d.find_elements(By.ID, "timer"))
    after = int(driver.find_element(By.ID, "timer").get_attribute("data-seconds"))
    assert after < before, f"the timer went from {before} to {after} s across a reload"
    assert driver.find_element(By.CSS_SELECTOR, "input[name='q1'][value='0']").is_selected(), "the saved answer did not come back"
    driver.execute_script("arguments[0].click()", driver.find_element(By.CSS_SELECTOR, "input[name='q2'][value='1']"))
    driver.find_element(By.CSS_SELECTOR, "#contest-form button[type=submit]").click()
    WebDriverWait(driver, 15).until(lambda d: "2/2 câu đúng" in d.page_source)
    sign_in("chauthanh.kehoach")
    driver.get(contest_url)
    assert "Nguyễn Thị Hoa" in driver.page_source and "2/2" in driver.page_source, "the entry is not ranked"
    assert driver.execute_script("return document.documentElement.scrollWidth") <= 390, "the contest page is wider than 390 px"
    publish = "//button[text()='Công bố kết quả']"
    for _ in range(60):  # until the round closes
        if driver.find_elements(By.XPATH, publish):
            break
        time.sleep(5)
        driver.get(contest_url)
    driver.find_element(By.XPATH, publish).click()
    WebDriverWait(driver, 15).until(lambda d: "Đã công bố kết quả vòng 1" in d.page_source)
    page = driver.page_source
    assert "Đã công bố lần 1" in page and "Nguyễn Thị Hoa" in page, "the published ranking does not show the entry"
    assert "Số bài thi đúng tất cả các câu: 1" in page, "the prediction's true value was not counted"
    assert driver.find_elements(By.CSS_SELECTOR, "a[href$='/rounds/1/notice.docx']"), "no notice of the published results"
    print("smoke: a citizen took the contest on a 390 px phone; the timer went on across a reload; the entry is ranked;"
          " the organiser published the closed round")

    # Dân hỏi – Chính quyền trả lời: a citizen asks on a 390 px phone (no account, no script needed), naming the district;
    # the district's plan owner drafts the answer, its leader approves, and the answer is found on /hoi-dap by a search
    # typed without diacritics, with the asker's phone and e-mail masked.
    driver.delete_all_cookies()
    driver.execute_cdp_cmd("Emulation.setDeviceMetricsOverride", {"width": 390, "height": 844, "deviceScaleFactor": 1, "mobile": True})
    driver.get(base + "/hoi-dap")
    assert driver.execute_script("return document.documentElement.outerHTML.length") < 50000, "the Q&A page is over 50 KB"
    assert driver.execute_script("return document.documentElement.scrollWidth") <= 390, "the Q&A page is wider than 390 px"
    if driver.find_elements(By.NAME, "province"):
        Select(driver.find_element(By.NAME, "province")).select_by_visible_text("Ủy ban nhân dân tỉnh Sóc Trăng")
    Select(driver.find_element(By.NAME, "area")).select_by_visible_text("Cải cách thủ tục hành chính")
    driver.find_element(By.NAME, "text").send_keys(
        "Tôi ở xã Phú Tâm, số điện thoại 0912 345 678. Xin hỏi đăng ký khai sinh trực tuyến cho con cần chuẩn bị những gì?")
    driver.find_element(By.NAME, "unit").send_keys("UBND huyện Châu Thành")
    driver.find_element(By.NAME, "name").send_keys("Lâm Thị Mai")
    driver.find_element(By.NAME, "contact").send_keys("mai.lam@example.vn")
    driver.execute_script("arguments[0].click()", driver.find_element(By.NAME, "consent"))
    driver.find_element(By.CSS_SELECTOR, "form[action='/hoi-dap'] button[type=submit]").click()
    WebDriverWait(driver, 15).until(lambda d: "Đã gửi câu hỏi" in d.find_element(By.TAG_NAME, "h1").text)
    assert "Ủy ban nhân dân huyện Châu Thành" in driver.page_source, "the question did not go to the district it named"
    receipt = driver.find_element(By.CSS_SELECTOR, "[data-receipt]").text
    driver.execute_cdp_cmd("Emulation.clearDeviceMetricsOverride", {})
    sign_in("chauthanh.kehoach")
    driver.get(base + "/questions")
    driver.find_element(By.LINK_TEXT, receipt).click()
    WebDriverWait(driver, 15).until(lambda d: receipt in d.title)
    driver.find_element(By.NAME, "answer").send_keys(
        "Chào chị Mai, chị đăng ký trên Cổng dịch vụ công, chuẩn bị giấy chứng sinh và giấy tờ tùy thân của cha mẹ.")
    driver.find_element(By.XPATH, "//button[text()='Trình lãnh đạo duyệt']").click()
    WebDriverWait(driver, 15).until(lambda d: "Đã trình lãnh đạo duyệt" in d.page_source)
    question_url = driver.current_url
    sign_in("chauthanh.lanhdao")
    assert receipt in driver.page_source, "the dashboard does not list the answer waiting for the leader"
    driver.get(question_url)
    assert "[số điện thoại đã ẩn]" in driver.page_source, "the approver's preview does not show the masking"
    driver.find_element(By.XPATH, "//button[starts-with(text(), 'Duyệt')]").click()
    WebDriverWait(driver, 15).until(lambda d: "Đã duyệt và công bố" in d.page_source)
    driver.delete_all_cookies()
    driver.execute_cdp_cmd("Emulation.setDeviceMetricsOverride", {"width": 390, "height": 844, "deviceScaleFactor": 1, "mobile": True})
    driver.get(base + "/hoi-dap")
    driver.find_element(By.NAME, "q").send_keys("dang ky khai sinh truc tuyen")
    driver.find_element(By.CSS_SELECTOR, "form[role=search] button[type=submit]").click()
    WebDriverWait(driver, 15).until(lambda d: receipt in d.page_source)
    page = driver.page_source
    for secret in ["0912 345 678", "mai.lam@example.vn", "Lâm Thị Mai", "chị Mai"]:
        assert secret not in page, f"the published answer shows {secret!r}"
    assert driver.execute_script("return document.documentElement.scrollWidth") <= 390, "the Q&A results are wider than 390 px"
    print("smoke: a citizen asked on a 390 px phone; the district answered, its leader approved; found without diacritics, masked")
finally:
    driver.quit()
