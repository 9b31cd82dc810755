"""Logs in as the demo administrator in headless Chromium and checks the dashboard names the demo province."""
import sys
from selenium import webdriver
from selenium.webdriver.chrome.service import Service
from selenium.webdriver.common.by import By
from selenium.webdriver.common.keys import Keys
from selenium.webdriver.support.ui import WebDriverWait

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

    # On a 390 px phone no page is wider than the screen (wide tables scroll inside their own box).
    driver.execute_cdp_cmd("Emulation.setDeviceMetricsOverride", {"width": 390, "height": 844, "deviceScaleFactor": 1, "mobile": True})
    for path in ["/", "/users", "/audit", "/units", "/units/search?q=phong", "/account", "/units/import"]:
        driver.get(base + path)
        width = driver.execute_script("return document.documentElement.scrollWidth")
        assert width <= 390, f"{path} is {width} px wide on a 390 px screen"
    print("smoke: every page fits a 390 px screen")
finally:
    driver.quit()
